package shop.testing.compose;

/**
 * Where a service of a {@link Topology} reaches what it calls: the port to use for an endpoint
 * of the compose file. Tests put fault proxies there; compose itself goes straight to the target.
 */
@FunctionalInterface
public interface Routes {

  /** Straight to the target, as Docker's network does. */
  Routes DIRECT = (consumer, endpoint, target) -> target;

  /**
   * @param consumer the compose service whose environment names the endpoint
   * @param endpoint compose's {@code host:port}, e.g. {@code mysql:3306}
   * @param target the local port that endpoint really listens on
   */
  int port(String consumer, String endpoint, int target);
}
