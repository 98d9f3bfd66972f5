package shop.system.browser;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Hands every browser test class in this JVM the same {@link LaunchedShop} (a {@code LaunchedShop}
 * parameter of a {@code @BeforeAll} method), started on first use and closed when the test run
 * ends: one embedded database and five services instead of one set per class. Checks for Chromium
 * first, so a machine without it skips before starting anything. The tests share its data, so each
 * makes its own users and products and looks only at those.
 */
final class SharedShop implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedShop.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LaunchedShop.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Browser.requireInstalled();
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LaunchedShop.class, key -> {
      try {
        return LaunchedShop.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, LaunchedShop.class);
  }
}
