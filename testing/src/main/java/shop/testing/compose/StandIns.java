package shop.testing.compose;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.testing.OtlpReceiver;
import shop.testing.TestDatabaseServer;

import java.util.Map;

/**
 * What compose runs from images beside the services, played locally: MariaDB with the compose init
 * script's SQL for {@code mysql}, GreenMail for {@code mailpit}, an OTLP/HTTP receiver keeping every
 * span for {@code jaeger}.
 */
final class StandIns implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StandIns.class);

  private TestDatabaseServer.Embedded database;
  private GreenMail mail;
  private Vertx vertx;
  private OtlpReceiver jaeger;

  private StandIns() {
  }

  /** Starts each one and maps its compose {@code host:port} to the local port in {@code endpoints}. */
  static StandIns start(ComposeFile compose, Map<String, Integer> endpoints) {
    StandIns s = new StandIns();
    try {
      s.database = MysqlStandIn.start(compose.service("mysql").environment());
      endpoints.put("mysql:3306", s.database.config().port());
      s.mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
      s.mail.start();
      endpoints.put("mailpit:1025", s.mail.getSmtp().getPort());
      s.vertx = Vertx.vertx();
      s.jaeger = OtlpReceiver.start(s.vertx);
      endpoints.put("jaeger:4318", s.jaeger.port());
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  TestDatabaseServer.Embedded database() {
    return database;
  }

  GreenMail mail() {
    return mail;
  }

  OtlpReceiver jaeger() {
    return jaeger;
  }

  @Override
  public void close() {
    if (mail != null) {
      mail.stop();
    }
    if (vertx != null) {
      vertx.close();
    }
    if (database != null) {
      try {
        database.db().stop();
      } catch (Exception e) {
        LOG.warn("embedded MariaDB did not stop: {}", e.toString());
      }
    }
  }
}
