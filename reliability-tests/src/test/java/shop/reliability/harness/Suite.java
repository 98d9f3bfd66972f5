package shop.reliability.harness;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import shop.testing.compose.Topology;
import shop.testing.process.SystemRequirements;

import java.util.Map;

/**
 * {@code @ExtendWith(Suite.class)} on every reliability test class: one {@link FaultyShop} for the
 * whole run (started by the first class, stopped after the last), every fault healed before each
 * test, and a FAIL line for a test that ended without its own. Where the process topology cannot
 * run, the tests are skipped with the reason; with {@code SHOP_REQUIRE_SYSTEM=true} that is a failure.
 */
public final class Suite implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
  AfterTestExecutionCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Suite.class);
  private static volatile FaultyShop shop;
  private static volatile Shopping shopping;
  private static volatile Ledger ledger;

  /** The shop under test; available from a test class's {@code @BeforeAll} on. */
  public static FaultyShop shop() {
    if (shop == null) {
      throw new IllegalStateException("the reliability topology is not running (is the class @ExtendWith(Suite.class)?)");
    }
    return shop;
  }

  /** The shopper's and admin's client of the running shop. */
  public static Shopping shopping() {
    return shopping;
  }

  /** The audit of the running shop's databases. */
  public static Ledger ledger() {
    return ledger;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String missing = context.getRoot().getStore(NS).getOrComputeIfAbsent("missing", k -> {
      String why = SystemRequirements.missing(Topology.ALL_MODULES, true);
      Report.note("profile: " + Profile.name() + (why == null ? "" : "; skipped: " + why));
      return why == null ? "" : why;
    }, String.class);
    return missing.isEmpty() ? ConditionEvaluationResult.enabled("the process topology can run")
      : ConditionEvaluationResult.disabled(missing);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // a failed start is remembered: the next class fails at once instead of starting it all again
    Object started = context.getRoot().getStore(NS).getOrComputeIfAbsent("shop", k -> {
      try {
        shop = FaultyShop.start(Map.of());
        shopping = new Shopping(shop);
        ledger = new Ledger(shop.database());
        return (ExtensionContext.Store.CloseableResource) () -> shop.close();
      } catch (RuntimeException | Error e) {
        return e;
      }
    });
    if (started instanceof Throwable t) {
      throw new IllegalStateException("the reliability topology did not start", t);
    }
  }

  /** Every fault of the test before undone, and a checkout going through: each test starts from a working shop. */
  @Override
  public void beforeEach(ExtensionContext context) {
    shop().heal();
    shopping.awaitCheckoutWorks();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    Case id = context.getRequiredTestMethod().getAnnotation(Case.class);
    if (id != null && context.getExecutionException().isPresent() && !Report.has(id.value())) {
      Throwable err = context.getExecutionException().get();
      Report.record(Report.of(id.value()).metric("error", err.getClass().getSimpleName())
        .require("ran to the end: " + err, false));
    }
  }
}
