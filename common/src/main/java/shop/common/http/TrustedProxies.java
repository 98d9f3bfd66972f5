package shop.common.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.config.Config;
import shop.common.config.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is calling, for counters keyed by client address. {@code X-Forwarded-For} is anyone's to
 * write, so it is read only when the direct peer is a trusted proxy ({@code TRUSTED_PROXIES}:
 * comma-separated addresses and CIDR ranges, none by default), and then from the right: each
 * trusted hop vouches for the address to its left, and the first address that is not a trusted
 * proxy is the client. What a client wrote further left is never reached.
 */
public final class TrustedProxies {

  private static final Logger LOG = LoggerFactory.getLogger(TrustedProxies.class);
  /* IP literals only: nothing here may trigger a DNS lookup (InetAddress.getByName only parses a string with ':') */
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final int MAX_HOPS = 20;

  private record Range(byte[] network, int bits) {
    boolean contains(byte[] a) {
      if (a.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** From {@code TRUSTED_PROXIES}; a malformed entry stops the service at start. */
  public static TrustedProxies from(JsonObject conf) {
    String csv = Config.string(conf, "TRUSTED_PROXIES", "");
    if (csv.isEmpty() && conf.getValue("TRUST_PROXY") != null) {
      LOG.warn("TRUST_PROXY is no longer read: list the proxies whose X-Forwarded-For to believe in TRUSTED_PROXIES");
    }
    return parse(csv);
  }

  public static TrustedProxies parse(String csv) {
    List<Range> ranges = new ArrayList<>();
    for (String raw : csv.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      byte[] address = address(slash < 0 ? entry : entry.substring(0, slash));
      int bits;
      try {
        bits = slash < 0 ? (address == null ? 0 : address.length * 8) : Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (address == null || bits < 0 || bits > address.length * 8) {
        throw new ConfigException("TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR range");
      }
      ranges.add(new Range(address, bits));
    }
    return new TrustedProxies(ranges);
  }

  /** The client's address: the peer, or the right-most untrusted hop of {@code X-Forwarded-For} behind trusted proxies. */
  public String clientAddress(HttpServerRequest req) {
    SocketAddress remote = req.remoteAddress();
    String peer = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    byte[] hop = address(peer);
    if (hop == null || !trusted(hop)) {
      return peer;
    }
    String client = peer;
    List<String> forwarded = new ArrayList<>();
    req.headers().getAll("X-Forwarded-For").forEach(h -> forwarded.addAll(List.of(h.split(","))));
    for (int i = forwarded.size() - 1, hops = 0; i >= 0 && hops < MAX_HOPS; i--, hops++) {
      String entry = strip(forwarded.get(i).trim());
      byte[] a = address(entry);
      if (a == null) {
        return client; // garbage from the left of a trusted hop: the hop that passed it on is all we know
      }
      client = normalised(a, entry);
      if (!trusted(a)) {
        return client;
      }
    }
    return client;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  private boolean trusted(byte[] a) {
    return ranges.stream().anyMatch(r -> r.contains(a));
  }

  /** {@code [::1]} and {@code [::1]:80} as {@code ::1}; {@code 1.2.3.4:80} as {@code 1.2.3.4}. */
  private static String strip(String entry) {
    if (entry.startsWith("[")) {
      int end = entry.indexOf(']');
      return end < 0 ? entry : entry.substring(1, end);
    }
    int colon = entry.indexOf(':');
    return colon > 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
  }

  private static String normalised(byte[] a, String fallback) {
    try {
      return InetAddress.getByAddress(a).getHostAddress();
    } catch (UnknownHostException e) {
      return fallback;
    }
  }

  /** The address's bytes (IPv4-mapped IPv6 as IPv4), or null when it is not an IP literal. */
  private static byte[] address(String s) {
    if (s == null) {
      return null;
    }
    Matcher v4 = IPV4.matcher(s);
    if (v4.matches()) {
      byte[] a = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(v4.group(i + 1));
        if (part > 255) {
          return null;
        }
        a[i] = (byte) part;
      }
      return a;
    }
    if (s.indexOf(':') < 0 || !IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
