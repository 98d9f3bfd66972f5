package shop.reliability.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket: request lines no well-behaved client would send (encoded
 * slashes, dot segments, odd methods), and requests from another loopback address (127.0.0.2, …)
 * to play a second client machine.
 */
public final class RawHttp {

  private RawHttp() {
  }

  /** An answer; status {@code -1} when none came within the timeout or the connection was cut. */
  public record Response(int status, Map<String, String> headers, String body, long millis) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** {@code GET target} with a Host header and {@code Connection: close}, plus {@code extraHeaders}. */
  public static Response get(int port, String target, String extraHeaders) {
    return send("127.0.0.1", port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + extraHeaders
      + "Connection: close\r\n\r\n", Duration.ofSeconds(10));
  }

  /** A JSON request from {@code fromAddress} (a loopback address: another client machine). */
  public static Response json(String fromAddress, int port, String method, String path, String headers, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return send(fromAddress, port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers
      + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body,
      Duration.ofSeconds(30));
  }

  /** Sends {@code request} as is from {@code fromAddress} and reads the answer until the server closes. */
  public static Response send(String fromAddress, int port, String request, Duration timeout) {
    return send(fromAddress, port, request.getBytes(StandardCharsets.UTF_8), new byte[0], timeout);
  }

  /** A request with a body of any bytes (not even UTF-8), {@code Content-Length} set, from 127.0.0.1. */
  public static Response bytes(int port, String method, String path, String headers, byte[] body) {
    String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers
      + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    return send("127.0.0.1", port, head.getBytes(StandardCharsets.UTF_8), body, Duration.ofSeconds(10));
  }

  /**
   * Writes the head, then the body: a server may answer (413) and close before the body is all
   * written, so a failed body write still reads the answer.
   */
  private static Response send(String fromAddress, int port, byte[] head, byte[] body, Duration timeout) {
    long t0 = System.nanoTime();
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(head);
      try {
        out.write(body);
        out.flush();
      } catch (IOException refused) {
        // answered early: read what the server said
      }
      byte[] raw = readAll(s.getInputStream());
      return parse(raw, (System.nanoTime() - t0) / 1_000_000);
    } catch (SocketTimeoutException e) {
      return new Response(-1, Map.of(), "timed out", (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      return new Response(-1, Map.of(), e.toString(), (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        buf.write(chunk, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a server that answers early may reset the rest of the connection: keep the answer
      if (buf.size() == 0) {
        throw reset;
      }
    }
    return buf.toByteArray();
  }

  static Response parse(byte[] raw, long millis) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/") || end < 0) {
      return new Response(-1, Map.of(), "no HTTP answer: " + text, millis);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
      }
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
      millis);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int eol = body.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(i, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
