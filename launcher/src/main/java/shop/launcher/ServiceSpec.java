package shop.launcher;

import io.vertx.core.Deployable;

import java.util.List;
import java.util.function.Supplier;

/**
 * One of the five services as the launcher runs it: its port (and the variable that moves it),
 * its database, the variable other services find it by, and the {@code /api/<prefix>} paths the
 * edge forwards to it.
 */
public record ServiceSpec(String name, String portKey, int defaultPort, String database, String urlKey,
                          List<String> apiPrefixes, Supplier<? extends Deployable> verticle) {

  public String title() {
    return name + " service";
  }
}
