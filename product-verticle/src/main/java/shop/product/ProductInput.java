package shop.product;

import io.vertx.core.json.JsonObject;
import shop.common.http.Fields;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The fields an admin may set on a product; null means "not given". An {@code imageUrl} of ""
 * (sent as an empty string) removes the picture on update.
 */
record ProductInput(String name, String description, BigDecimal price, Integer stock, String imageUrl) {

  static final int MAX_STOCK = 1_000_000_000;
  static final int MAX_IMAGE_URL = 500;

  /** A path the storefront serves: absolute, URL characters only, no {@code //} host and no {@code ..} segment. */
  private static final Pattern STOREFRONT_PATH = Pattern.compile("/(?!/)[A-Za-z0-9._~%!$&'()*+,;=:@/?-]+");
  private static final Pattern DOT_DOT = Pattern.compile("(^|/)\\.\\.(/|$)");

  static ProductInput forCreate(JsonObject body) {
    Fields f = new Fields(body);
    ProductInput in = new ProductInput(
      f.string("name", true, 1, 200),
      f.text("description", false, 0, 5000),
      f.money("price", true),
      f.integer("stock", false, 0, MAX_STOCK),
      imageUrl(f));
    f.check();
    return "".equals(in.imageUrl) ? in.withoutImage() : in;
  }

  static ProductInput forUpdate(JsonObject body) {
    Fields f = new Fields(body);
    ProductInput in = new ProductInput(
      f.string("name", false, 1, 200),
      f.text("description", false, 0, 5000),
      f.money("price", false),
      f.integer("stock", false, 0, MAX_STOCK),
      imageUrl(f));
    if (f.ok() && in.name == null && in.description == null && in.price == null && in.stock == null
      && in.imageUrl == null) {
      f.error("body", "give at least one of name, description, price, stock, image_url");
    }
    f.check();
    return in;
  }

  private ProductInput withoutImage() {
    return new ProductInput(name, description, price, stock, null);
  }

  /** {@code image_url}: an http(s) URL with a host, or an absolute path under the storefront; "" clears it. */
  private static String imageUrl(Fields f) {
    String url = f.string("image_url", false, 0, MAX_IMAGE_URL);
    if (url == null || url.isEmpty() || isWebUrl(url) || isStorefrontPath(url)) {
      return url;
    }
    f.error("image_url", "must be an http(s) URL or a path under the storefront such as /images/products/lamp.svg");
    return null;
  }

  private static boolean isStorefrontPath(String url) {
    return STOREFRONT_PATH.matcher(url).matches() && !DOT_DOT.matcher(url).find();
  }

  private static boolean isWebUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      // credentials in a picture's address would be shown to every shopper
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
