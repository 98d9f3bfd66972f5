package shop.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks every port before anything is deployed, so a taken port is one line naming it and the
 * variable that moves it, rather than a stack trace halfway through startup.
 */
public final class Ports {

  private Ports() {
  }

  public static void requireFree(LaunchSettings settings) {
    for (ServiceSpec s : Services.ALL) {
      // a service left out for the IDE may already be running on its port: that is where the edge finds it
      if (settings.inJvm(s) || settings.reloaded().contains(s)) {
        requireFree(settings.port(s), "the " + s.title(), s.portKey());
      }
    }
    requireFree(settings.edgePort(), "the storefront and API edge", LaunchSettings.EDGE_PORT);
    requireFree(settings.smtpPort(), "the embedded mail server", LaunchSettings.SMTP_PORT);
  }

  public static void requireFree(int port, String what, String variable) {
    if (port == 0) {
      return;
    }
    if (port < 0 || port > 65_535) {
      throw new LaunchException(variable + "=" + port + " is not a port number (1-65535).");
    }
    if (!isFree(port)) {
      throw new LaunchException("Port " + port + " (" + what + ") is already in use: stop the program using it or set "
        + variable + " to another port.");
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port free right now, for tests that need to name ports before starting. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
