package shop.order;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order state machine: pending → confirmed → shipped → delivered; pending|confirmed → cancelled;
 * shipped|delivered → refunded (the payment service refunded an order whose goods had left: money
 * back, stock not returned). cancelled, refunded and delivered are where an order ends (delivered
 * can still be refunded).
 */
final class OrderStatus {

  static final String RESERVING = "reserving";
  static final String FAILED = "failed";
  static final String PENDING = "pending";
  static final String CONFIRMED = "confirmed";
  static final String SHIPPED = "shipped";
  static final String DELIVERED = "delivered";
  static final String CANCELLED = "cancelled";
  static final String REFUNDED = "refunded";

  /** What clients may see and ask for, in the order of the state machine; the internal states never leave the service. */
  static final List<String> VISIBLE_IN_ORDER = List.of(PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED, REFUNDED);
  static final Set<String> VISIBLE = Set.copyOf(VISIBLE_IN_ORDER);

  /** SQL for "a row clients may see". */
  static final String VISIBLE_SQL = "status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'refunded')";

  private static final Map<String, Set<String>> FROM = Map.of(
    CONFIRMED, Set.of(PENDING),
    SHIPPED, Set.of(CONFIRMED),
    DELIVERED, Set.of(SHIPPED),
    CANCELLED, Set.of(PENDING, CONFIRMED),
    REFUNDED, Set.of(SHIPPED, DELIVERED));

  private OrderStatus() {
  }

  /** The states an order may move to {@code target} from; empty when nothing may. */
  static Set<String> sources(String target) {
    return FROM.getOrDefault(target, Set.of());
  }

  static boolean allowed(String from, String to) {
    return sources(to).contains(from);
  }

  /** "pending, confirmed, …, refunded": for error messages. */
  static String visibleList() {
    return String.join(", ", VISIBLE_IN_ORDER);
  }
}
