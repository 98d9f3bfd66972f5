package shop.common.delivery;

/** A row of a delivery table, as the engine needs to see it. */
public interface Deliverable {

  long id();

  /** Attempts made before this one. */
  int attempts();

  /** How log lines name it. */
  default String label() {
    return "row " + id();
  }

  /** The W3C traceparent stored with it: its delivery joins that trace ({@code null}: a trace of its own). */
  default String traceparent() {
    return null;
  }
}
