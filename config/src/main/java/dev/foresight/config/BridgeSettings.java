package dev.foresight.config;

import java.util.regex.Pattern;

/**
 * Where the robot agent listens (agent side) or is reached (planner side).
 *
 * @param host address to bind or connect to; the agent binds to loopback unless told otherwise
 * @param port TCP port
 * @param tls whether the connection is wrapped in TLS
 * @param tokenSource where the shared auth token comes from: {@code none}, {@code env:NAME} or
 *     {@code file:PATH}
 */
public record BridgeSettings(String host, int port, boolean tls, String tokenSource) {

  public static final Range PORT = Range.closed(1, 65_535, "");

  /** The accepted forms of {@code tokenSource}. */
  public static final Pattern TOKEN_SOURCE =
      Pattern.compile("none|env:[A-Za-z_][A-Za-z0-9_]*|file:.+");

  /** Loopback, port 7450, no TLS, no token. */
  public static final BridgeSettings DEFAULTS =
      new BridgeSettings("127.0.0.1", 7450, false, "none");

  /** Checks the host is present, the port valid and the token source well formed. */
  public BridgeSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("bridge.host must not be blank");
    }
    PORT.require("bridge.port", port);
    if (tokenSource == null || !TOKEN_SOURCE.matcher(tokenSource).matches()) {
      throw new IllegalArgumentException(
          "bridge.tokenSource: '"
              + tokenSource
              + "' is not valid, expected none, env:VARIABLE or file:PATH");
    }
  }

  /** Whether the endpoint is on this machine only ({@link #isLoopback(String)} of the host). */
  public boolean isLoopback() {
    return isLoopback(host);
  }

  /**
   * Whether {@code host} names this machine only: a loopback address, or a name that resolves to
   * one; false for wildcard addresses and names that do not resolve.
   */
  public static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
