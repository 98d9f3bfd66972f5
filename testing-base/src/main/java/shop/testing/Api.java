package shop.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** A small HTTP client for tests against a service on localhost: real requests, real responses. */
public final class Api {

  private final WebClient client;
  private final int port;

  public Api(Vertx vertx, int port) {
    // keep-alive below the services' 10 s for a next request: the client lets go of an idle connection first
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port)
        .setKeepAliveTimeout(5),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(200));
    this.port = port;
  }

  public int port() {
    return port;
  }

  public record Reply(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    }

    public JsonArray array() {
      return body.toJsonArray();
    }

    public String header(String name) {
      return headers.get(name);
    }

    public String code() {
      JsonObject j = json();
      return j == null ? null : j.getString("code");
    }

    @Override
    public String toString() {
      return status + " " + (body == null ? "" : body.toString());
    }
  }

  public Future<Reply> send(HttpMethod method, String path, String token, Object body, MultiMap headers) {
    HttpRequest<Buffer> req = client.request(method, path).timeout(30_000);
    if (token != null) {
      req.putHeader("Authorization", token);
    }
    if (headers != null) {
      req.putHeaders(headers);
    }
    Future<HttpResponse<Buffer>> resp;
    if (body == null) {
      resp = req.send();
    } else if (body instanceof Buffer raw) {
      resp = req.sendBuffer(raw);
    } else if (body instanceof JsonObject obj) {
      resp = req.sendJsonObject(obj);
    } else {
      resp = req.sendJson(body);
    }
    return resp.map(r -> new Reply(r.statusCode(), r.headers(), r.body()));
  }

  public Reply get(String path) {
    return Await.result(send(HttpMethod.GET, path, null, null, null));
  }

  public Reply get(String path, String token) {
    return Await.result(send(HttpMethod.GET, path, token, null, null));
  }

  public Reply post(String path, String token, Object body) {
    return Await.result(send(HttpMethod.POST, path, token, body, null));
  }

  public Reply put(String path, String token, Object body) {
    return Await.result(send(HttpMethod.PUT, path, token, body, null));
  }

  public Reply delete(String path, String token) {
    return Await.result(send(HttpMethod.DELETE, path, token, null, null));
  }
}
