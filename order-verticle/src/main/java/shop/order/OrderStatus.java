package shop.order;

import java.util.Map;
import java.util.Set;

/** The order state machine: pending → confirmed → shipped → delivered; pending|confirmed → cancelled. */
final class OrderStatus {

  static final String RESERVING = "reserving";
  static final String FAILED = "failed";
  static final String PENDING = "pending";
  static final String CONFIRMED = "confirmed";
  static final String SHIPPED = "shipped";
  static final String DELIVERED = "delivered";
  static final String CANCELLED = "cancelled";

  /** What clients may see and ask for; the internal states never leave the service. */
  static final Set<String> VISIBLE = Set.of(PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED);

  /** SQL for "a row clients may see". */
  static final String VISIBLE_SQL = "status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')";

  private static final Map<String, Set<String>> FROM = Map.of(
    CONFIRMED, Set.of(PENDING),
    SHIPPED, Set.of(CONFIRMED),
    DELIVERED, Set.of(SHIPPED),
    CANCELLED, Set.of(PENDING, CONFIRMED));

  private OrderStatus() {
  }

  /** The states an order may move to {@code target} from; empty when nothing may. */
  static Set<String> sources(String target) {
    return FROM.getOrDefault(target, Set.of());
  }

  static boolean allowed(String from, String to) {
    return sources(to).contains(from);
  }
}
