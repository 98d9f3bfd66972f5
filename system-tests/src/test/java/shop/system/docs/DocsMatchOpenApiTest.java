package shop.system.docs;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shop.testing.process.Repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/api/&lt;service&gt;.md and the service's OpenAPI document list the same routes (each service's
 * own OpenAPI test keeps that document equal to its router), and every document is ready for the
 * API explorer: a bearer scheme and the edge's {@code /api} as its first server.
 */
class DocsMatchOpenApiTest {

  /** The first cell of a table row: {@code | `GET /products/{id}` | …}. */
  private static final Pattern ROUTE_ROW = Pattern.compile("(?m)^\\|\\s*`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s]*)`\\s*\\|");

  static JsonObject openApi(String service) throws IOException {
    Path doc = Repo.ROOT.resolve(service + "-verticle/src/main/resources/openapi/" + service + ".json");
    return new JsonObject(Files.readString(doc));
  }

  static Set<String> documented(JsonObject openApi) {
    Set<String> out = new TreeSet<>();
    JsonObject paths = openApi.getJsonObject("paths");
    paths.fieldNames().forEach(p -> paths.getJsonObject(p).fieldNames().forEach(m -> out.add(m.toUpperCase() + " " + p)));
    return out;
  }

  static Set<String> inPage(Path page) throws IOException {
    Set<String> out = new TreeSet<>();
    Matcher m = ROUTE_ROW.matcher(Files.readString(page));
    while (m.find()) {
      assertTrue(out.add(m.group(1) + " " + m.group(2)), page + " lists " + m.group() + " twice");
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"product", "user", "order", "payment", "notification"})
  @DisplayName("every route of the OpenAPI document has a row in docs/api/<service>.md, and every row is a route")
  void serviceReferenceListsExactlyTheOpenApiRoutes(String service) throws IOException {
    Path page = Repo.ROOT.resolve("docs/api/" + service + ".md");
    assertEquals(documented(openApi(service)), inPage(page),
      page + " and " + service + ".json must list the same routes (method and path template)");
    String index = Files.readString(Repo.ROOT.resolve("docs/API.md"));
    assertTrue(index.contains("(api/" + service + ".md)"), "docs/API.md links the " + service + " page");
  }

  @ParameterizedTest
  @ValueSource(strings = {"product", "user", "order", "payment", "notification"})
  @DisplayName("each OpenAPI document has a bearer scheme and the edge's /api as its first server")
  void openApiDocumentsWorkBehindTheEdge(String service) throws IOException {
    JsonObject doc = openApi(service);
    JsonObject bearer = doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");
    assertEquals("http", bearer.getString("type"));
    assertEquals("bearer", bearer.getString("scheme"));
    assertEquals("/api", doc.getJsonArray("servers").getJsonObject(0).getString("url"), service);
  }
}
