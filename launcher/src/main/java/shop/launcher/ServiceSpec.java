package shop.launcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Deployable;

import java.util.List;
import java.util.function.Function;

/**
 * One of the five services as the launcher runs it: its port (and the variable that moves it),
 * its database, the variable other services find it by, the {@code /api/<prefix>} paths the
 * edge forwards to it, its verticle, and the class whose {@code main} runs it on its own.
 */
public record ServiceSpec(String name, String portKey, int defaultPort, String database, String urlKey,
                          List<String> apiPrefixes, Function<MeterRegistry, ? extends Deployable> verticle,
                          Class<?> main) {

  public String title() {
    return name + " service";
  }

  /** The name its {@code main} logs under and its launcher file is named after: {@code order-service}. */
  public String processName() {
    return name + "-service";
  }
}
