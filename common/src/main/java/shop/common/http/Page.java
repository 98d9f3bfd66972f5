package shop.common.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code ?page=1&per_page=20} (at most 100), and the headers that describe the page sent. */
public record Page(int page, int perPage) {

  public static final int MAX_PER_PAGE = 100;

  public static Page from(RoutingContext ctx, int defaultPerPage) {
    int page = positive(ctx, "page", 1);
    int perPage = Math.min(positive(ctx, "per_page", defaultPerPage), MAX_PER_PAGE);
    return new Page(page, perPage);
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

  public int offset() {
    return (page - 1) * perPage;
  }

  public int pages(long total) {
    return (int) ((total + perPage - 1) / perPage);
  }

  /** {@code X-Total-Count} and an RFC 8288 {@code Link} header with next/prev/first/last. */
  public void headers(RoutingContext ctx, long total) {
    ctx.response().putHeader("X-Total-Count", Long.toString(total));
    String base = ctx.request().path() + "?" + keptQuery(ctx);
    int last = Math.max(1, pages(total));
    StringBuilder link = new StringBuilder();
    append(link, base, 1, "first");
    if (page > 1) {
      append(link, base, Math.min(page - 1, last), "prev");
    }
    if (page < last) {
      append(link, base, page + 1, "next");
    }
    append(link, base, last, "last");
    ctx.response().putHeader("Link", link.toString());
  }

  /** The Flask admin-listing pagination object. */
  public JsonObject flask(long total) {
    return new JsonObject().put("page", page).put("per_page", perPage).put("total", total).put("pages", pages(total));
  }

  private void append(StringBuilder link, String base, int p, String rel) {
    if (link.length() > 0) {
      link.append(", ");
    }
    link.append('<').append(base).append("page=").append(p).append("&per_page=").append(perPage)
      .append(">; rel=\"").append(rel).append('"');
  }

  private static String keptQuery(RoutingContext ctx) {
    StringBuilder q = new StringBuilder();
    ctx.queryParams().forEach((k, v) -> {
      if (!k.equals("page") && !k.equals("per_page")) {
        q.append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
          .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)).append('&');
      }
    });
    return q.toString();
  }
}
