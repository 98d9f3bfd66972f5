package shop.testing;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.Set;
import java.util.TreeSet;

/** Keeps a service's {@code /openapi.json} true: every route is documented, every documented path is routed. */
public final class OpenApiCheck {

  private OpenApiCheck() {
  }

  public static Set<String> routed(Router router) {
    Set<String> out = new TreeSet<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) {
        continue;
      }
      String path = r.getPath().replaceAll(":([A-Za-z_]+)", "{$1}");
      r.methods().forEach(m -> out.add(m.name().toLowerCase() + " " + path));
    }
    return out;
  }

  public static Set<String> documented(JsonObject openApi) {
    Set<String> out = new TreeSet<>();
    JsonObject paths = openApi.getJsonObject("paths");
    paths.fieldNames().forEach(p -> paths.getJsonObject(p).fieldNames().forEach(m -> out.add(m + " " + p)));
    return out;
  }
}
