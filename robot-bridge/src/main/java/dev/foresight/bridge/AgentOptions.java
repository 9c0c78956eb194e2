package dev.foresight.bridge;

import dev.foresight.config.BridgeSettings;
import dev.foresight.config.RobotProfile;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link RobotAgent} runs.
 *
 * @param profile the arm's limits and control rate
 * @param host address to bind; loopback unless the deployment needs otherwise. The agent refuses to
 *     start on any other address without a token.
 * @param port TCP port; 0 picks a free one
 * @param authToken shared token every Hello must carry; empty for none (loopback only)
 * @param sslContext server TLS context, or null for plain TCP
 * @param stateRateHz how often State goes to every client, Hz
 * @param idleTimeout a connection with no incoming message for this long is closed
 * @param transport epoll or NIO
 * @param latency real-time scheduling, pinning and spinning of the I/O and control threads
 * @param connectionLimits hello and frame deadlines, connection caps, failed-hello rate
 * @param fatalErrorHandler called once after the control thread failed (the arm already holding,
 *     the fault reported); {@link #EXIT_ON_FATAL_ERROR} ends the process with status {@link
 *     #FATAL_EXIT_STATUS}
 */
public record AgentOptions(
    RobotProfile profile,
    String host,
    int port,
    String authToken,
    SslContext sslContext,
    double stateRateHz,
    Duration idleTimeout,
    Transport transport,
    LatencyOptions latency,
    ConnectionLimits connectionLimits,
    Consumer<Throwable> fatalErrorHandler) {

  /** Default state rate, Hz. */
  public static final double DEFAULT_STATE_RATE_HZ = 50;

  /** Exit status of an agent process whose control thread failed. */
  public static final int FATAL_EXIT_STATUS = 70;

  /**
   * Ends the process with {@link #FATAL_EXIT_STATUS} (shutdown hooks run; if they do not finish
   * within 5 s the process halts).
   */
  public static final Consumer<Throwable> EXIT_ON_FATAL_ERROR =
      error -> {
        Logger log = LoggerFactory.getLogger(AgentOptions.class);
        log.error("the agent's control thread failed; the arm holds and the process ends", error);
        Thread exit = new Thread(() -> System.exit(FATAL_EXIT_STATUS), "foresight-fatal-exit");
        exit.start();
        Thread halt =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(5000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  Runtime.getRuntime().halt(FATAL_EXIT_STATUS);
                },
                "foresight-fatal-halt");
        halt.setDaemon(true);
        halt.start();
      };

  /** Checks the arguments. */
  public AgentOptions {
    if (profile == null) {
      throw new IllegalArgumentException("agent options need a robot profile");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("agent host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "agent port: " + port + " is out of range, expected [0, 65535]");
    }
    if (authToken == null) {
      authToken = "";
    }
    if (!(stateRateHz > 0 && stateRateHz <= 1000)) {
      throw new IllegalArgumentException(
          "agent stateRateHz: " + stateRateHz + " is out of range, expected (0, 1000] Hz");
    }
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("agent idleTimeout must be positive, got " + idleTimeout);
    }
    if (transport == null) {
      transport = Transport.best();
    }
    if (latency == null) {
      latency = LatencyOptions.NORMAL;
    }
    if (connectionLimits == null) {
      connectionLimits = ConnectionLimits.DEFAULTS;
    }
    if (fatalErrorHandler == null) {
      fatalErrorHandler = EXIT_ON_FATAL_ERROR;
    }
  }

  /** Options with default connection limits and the exiting fatal-error handler. */
  public AgentOptions(
      RobotProfile profile,
      String host,
      int port,
      String authToken,
      SslContext sslContext,
      double stateRateHz,
      Duration idleTimeout,
      Transport transport,
      LatencyOptions latency) {
    this(
        profile,
        host,
        port,
        authToken,
        sslContext,
        stateRateHz,
        idleTimeout,
        transport,
        latency,
        null,
        null);
  }

  /** Options with normal scheduling ({@link LatencyOptions#NORMAL}). */
  public AgentOptions(
      RobotProfile profile,
      String host,
      int port,
      String authToken,
      SslContext sslContext,
      double stateRateHz,
      Duration idleTimeout,
      Transport transport) {
    this(
        profile,
        host,
        port,
        authToken,
        sslContext,
        stateRateHz,
        idleTimeout,
        transport,
        LatencyOptions.NORMAL,
        null,
        null);
  }

  /** Loopback on a free port, no token, no TLS, default rates. */
  public static AgentOptions loopback(RobotProfile profile) {
    return new AgentOptions(
        profile,
        "127.0.0.1",
        0,
        "",
        null,
        DEFAULT_STATE_RATE_HZ,
        Duration.ofSeconds(5),
        Transport.best());
  }

  /** Host and port from the bridge settings; token and TLS context resolved by the caller. */
  public static AgentOptions of(
      RobotProfile profile, BridgeSettings bridge, String authToken, SslContext sslContext) {
    return new AgentOptions(
        profile,
        bridge.host(),
        bridge.port(),
        authToken,
        sslContext,
        DEFAULT_STATE_RATE_HZ,
        Duration.ofSeconds(5),
        Transport.best());
  }

  /** A copy with another port. */
  public AgentOptions withPort(int newPort) {
    return new AgentOptions(
        profile,
        host,
        newPort,
        authToken,
        sslContext,
        stateRateHz,
        idleTimeout,
        transport,
        latency,
        connectionLimits,
        fatalErrorHandler);
  }

  /** A copy with another token. */
  public AgentOptions withAuthToken(String token) {
    return new AgentOptions(
        profile,
        host,
        port,
        token,
        sslContext,
        stateRateHz,
        idleTimeout,
        transport,
        latency,
        connectionLimits,
        fatalErrorHandler);
  }

  /** A copy with a TLS context. */
  public AgentOptions withSslContext(SslContext context) {
    return new AgentOptions(
        profile,
        host,
        port,
        authToken,
        context,
        stateRateHz,
        idleTimeout,
        transport,
        latency,
        connectionLimits,
        fatalErrorHandler);
  }

  /** A copy with another transport. */
  public AgentOptions withTransport(Transport newTransport) {
    return new AgentOptions(
        profile,
        host,
        port,
        authToken,
        sslContext,
        stateRateHz,
        idleTimeout,
        newTransport,
        latency,
        connectionLimits,
        fatalErrorHandler);
  }

  /** A copy with other latency options. */
  public AgentOptions withLatency(LatencyOptions newLatency) {
    return new AgentOptions(
        profile,
        host,
        port,
        authToken,
        sslContext,
        stateRateHz,
        idleTimeout,
        transport,
        newLatency,
        connectionLimits,
        fatalErrorHandler);
  }

  /** A copy with other connection limits. */
  public AgentOptions withConnectionLimits(ConnectionLimits limits) {
    return new AgentOptions(
        profile,
        host,
        port,
        authToken,
        sslContext,
        stateRateHz,
        idleTimeout,
        transport,
        latency,
        limits,
        fatalErrorHandler);
  }

  /** A copy with another fatal-error handler (tests use one that records instead of exiting). */
  public AgentOptions withFatalErrorHandler(Consumer<Throwable> handler) {
    return new AgentOptions(
        profile,
        host,
        port,
        authToken,
        sslContext,
        stateRateHz,
        idleTimeout,
        transport,
        latency,
        connectionLimits,
        handler);
  }
}
