package dev.foresight.view;

import dev.foresight.config.BridgeSettings;

/**
 * Where and how a {@link LiveView} serves.
 *
 * @param host address to bind; loopback unless people on other machines must see the page, and then
 *     {@code token} is required
 * @param port TCP port, 0 for any free one
 * @param token the bridge's shared token that every request must carry ({@code ?token=}); empty for
 *     none (loopback only)
 * @param frameRateHz the most updates per second sent to each browser (frames, plots, state), in
 *     (0, 60]; what a slow browser cannot take is dropped, never queued
 */
public record ViewOptions(String host, int port, String token, double frameRateHz) {
  /** Updates per second unless told otherwise. */
  public static final double DEFAULT_FRAME_RATE_HZ = 10.0;

  /** The most updates per second a view sends. */
  public static final double MAX_FRAME_RATE_HZ = 60.0;

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the option, the bad value and what was expected; also
   *     for a non-loopback host without a token
   */
  public ViewOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("view host: '" + host + "' is empty, expected an address");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "--view: port " + port + " is out of range, expected [0, 65535] (0: any free port)");
    }
    token = token == null ? "" : token;
    if (!(frameRateHz > 0 && frameRateHz <= MAX_FRAME_RATE_HZ)) {
      throw new IllegalArgumentException(
          "view frame rate: "
              + frameRateHz
              + " Hz is out of range, expected (0, "
              + MAX_FRAME_RATE_HZ
              + "]");
    }
    if (token.isEmpty() && !BridgeSettings.isLoopback(host)) {
      throw new IllegalArgumentException(
          "view host: refusing to serve on "
              + host
              + " without a token, since anyone who can reach that address could stop the arm and"
              + " watch the camera; set bridge.tokenSource to env:NAME or file:PATH, or serve on"
              + " 127.0.0.1");
    }
  }

  /** Loopback on {@code port}, no token, {@link #DEFAULT_FRAME_RATE_HZ}. */
  public static ViewOptions loopback(int port) {
    return new ViewOptions("127.0.0.1", port, "", DEFAULT_FRAME_RATE_HZ);
  }
}
