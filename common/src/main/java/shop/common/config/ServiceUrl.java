package shop.common.config;

import java.net.URI;

/** Where another service answers. */
public record ServiceUrl(String host, int port, boolean ssl) {

  public static ServiceUrl parse(String key, String url) {
    try {
      URI uri = URI.create(url);
      boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
      int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return new ServiceUrl(uri.getHost(), port, ssl);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be a URL like http://host:port, got '" + url + "'");
    }
  }

  @Override
  public String toString() {
    return (ssl ? "https://" : "http://") + host + ":" + port;
  }
}
