package shop.common.config;

/** Configuration that cannot work: the service refuses to start and says which key is wrong. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
