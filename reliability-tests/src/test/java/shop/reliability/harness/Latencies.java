package shop.reliability.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Response times in milliseconds, and their percentiles. Thread-safe. */
public final class Latencies {

  private final List<Long> millis = new ArrayList<>();

  public synchronized void add(long ms) {
    millis.add(ms);
  }

  public synchronized int count() {
    return millis.size();
  }

  /** The {@code q} quantile (0..1), nearest rank; 0 when empty. */
  public synchronized long quantile(double q) {
    if (millis.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public long p50() {
    return quantile(0.50);
  }

  public long p99() {
    return quantile(0.99);
  }

  public synchronized long max() {
    return millis.isEmpty() ? 0 : Collections.max(millis);
  }

  public synchronized long over(long ms) {
    return millis.stream().filter(m -> m > ms).count();
  }
}
