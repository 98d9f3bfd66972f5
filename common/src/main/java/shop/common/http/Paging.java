package shop.common.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import shop.common.value.Listing;
import shop.common.value.Page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * {@code ?page=1&per_page=20} in, and the one way a page of a listing goes out: the rows as JSON
 * with {@code X-Total-Count} and an RFC 8288 {@code Link} header (first, prev, next, last).
 */
public final class Paging {

  private Paging() {
  }

  /** The page asked for; 400 when {@code page} or {@code per_page} is not a whole number of at least 1. */
  public static Page page(RoutingContext ctx, int defaultPerPage) {
    int page = positive(ctx, "page", 1);
    int perPage = Math.min(positive(ctx, "per_page", defaultPerPage), Page.MAX_PER_PAGE);
    return new Page(page, perPage);
  }

  /** The rows as a JSON array, the paging headers set. */
  public static <T> JsonArray array(RoutingContext ctx, Page page, Listing<T> listing, Function<T, JsonObject> json) {
    headers(ctx, page, listing.total());
    JsonArray rows = new JsonArray();
    listing.items().forEach(item -> rows.add(json.apply(item)));
    return rows;
  }

  /** The admin listings' Flask shape, {@code {"<key>": [...], "pagination": {...}}}, the paging headers set. */
  public static <T> JsonObject object(RoutingContext ctx, Page page, Listing<T> listing, String key,
                                      Function<T, JsonObject> json) {
    long total = listing.total();
    return new JsonObject().put(key, array(ctx, page, listing, json)).put("pagination", new JsonObject()
      .put("page", page.page()).put("per_page", page.perPage()).put("total", total).put("pages", page.pages(total)));
  }

  private static int positive(RoutingContext ctx, String name, int def) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return def;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v < 1) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("invalid_parameter", name + " must be a whole number of at least 1");
    }
  }

  private static void headers(RoutingContext ctx, Page page, long total) {
    ctx.response().putHeader("X-Total-Count", Long.toString(total));
    String base = ctx.request().path() + "?" + keptQuery(ctx);
    int last = Math.max(1, page.pages(total));
    StringBuilder link = new StringBuilder();
    append(link, base, page, 1, "first");
    if (page.page() > 1) {
      append(link, base, page, Math.min(page.page() - 1, last), "prev");
    }
    if (page.page() < last) {
      append(link, base, page, page.page() + 1, "next");
    }
    append(link, base, page, last, "last");
    ctx.response().putHeader("Link", link.toString());
  }

  private static void append(StringBuilder link, String base, Page page, int p, String rel) {
    if (link.length() > 0) {
      link.append(", ");
    }
    link.append('<').append(base).append("page=").append(p).append("&per_page=").append(page.perPage())
      .append(">; rel=\"").append(rel).append('"');
  }

  private static String keptQuery(RoutingContext ctx) {
    StringBuilder q = new StringBuilder();
    ctx.queryParams().forEach((k, v) -> {
      if (!k.equals("page") && !k.equals("per_page")) {
        q.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
      }
    });
    return q.toString();
  }
}
