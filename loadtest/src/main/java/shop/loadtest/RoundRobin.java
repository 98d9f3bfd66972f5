package shop.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * The edge's choice of replica: each call answers the next port in turn. One per event loop (the
 * edge's verticle), so no lock; several instances of the edge each rotate on their own.
 */
final class RoundRobin {

  private final int[] ports;
  private int next;

  RoundRobin(List<Integer> ports) {
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("no port to forward to");
    }
    this.ports = ports.stream().mapToInt(Integer::intValue).toArray();
  }

  int next() {
    int port = ports[next];
    next = (next + 1) % ports.length;
    return port;
  }

  int size() {
    return ports.length;
  }

  /**
   * {@code "15002,15032"} → [15002, 15032]; blank → the fallback (one port). A bad entry is an
   * error, not a skipped replica: the edge must not start with fewer replicas than it was told.
   */
  static List<Integer> parsePorts(String raw, int fallback) {
    List<Integer> out = new ArrayList<>();
    if (raw == null || raw.isBlank()) {
      out.add(fallback);
      return out;
    }
    for (String part : raw.split(",")) {
      String p = part.trim();
      int port;
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a port: '" + p + "' in " + raw);
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("not a port: " + port + " in " + raw);
      }
      out.add(port);
    }
    return out;
  }
}
