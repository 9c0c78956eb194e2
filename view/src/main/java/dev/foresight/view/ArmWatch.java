package dev.foresight.view;

import dev.foresight.bridge.AgentState;
import dev.foresight.bridge.AgentWelcome;
import dev.foresight.bridge.BridgeClient;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/**
 * The view's observer session with a bridge agent: it watches the agent's state (never asks for
 * control) and sends the STOP a person clicks, which the agent latches like any operator stop. The
 * agent may change (one per simulated episode): {@link #watch} replaces the session.
 */
final class ArmWatch implements AutoCloseable {
  private volatile BridgeClient client;
  private volatile String agentAddress;

  /**
   * Watches the agent at {@code host:port}, closing the session with any previous one.
   *
   * @param token the bridge token, empty for none
   * @param ssl the client's TLS context, or null for plain TCP
   */
  synchronized void watch(String host, int port, String token, SslContext ssl) {
    BridgeClient.Builder builder =
        BridgeClient.builder(host, port)
            .optClientId("foresight-view")
            .optAuthToken(token)
            .optRequestControl(false)
            .optHeartbeat(Duration.ofMillis(200))
            .optReconnect(true)
            .optBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    if (ssl != null) {
      builder.optSslContext(ssl);
    }
    BridgeClient previous = client;
    client = builder.connect();
    agentAddress = host + ":" + port;
    if (previous != null) {
      previous.close();
    }
  }

  /**
   * The agent's latest state, or null when not watching, before its first state, or while the
   * connection is down (an old state would show an arm that may since have stopped).
   */
  AgentState state() {
    BridgeClient current = client;
    return current == null || current.welcome() == null ? null : current.latestState();
  }

  /** The agent's welcome (its limits), or null while not connected. */
  AgentWelcome welcome() {
    BridgeClient current = client;
    return current == null ? null : current.welcome();
  }

  /** The agent watched, {@code host:port}, or null. */
  String agentAddress() {
    return agentAddress;
  }

  /**
   * Sends a stop; the agent latches it.
   *
   * @return null when sent, else one line on why it could not be
   */
  String stop(String reason) {
    BridgeClient current = client;
    if (current == null) {
      return "no bridge agent to stop: this view watches no agent";
    }
    if (current.welcome() == null || !current.stop(reason)) {
      return "not connected to the bridge agent at " + agentAddress + ": stop not sent";
    }
    return null;
  }

  @Override
  public synchronized void close() {
    BridgeClient current = client;
    client = null;
    if (current != null) {
      current.close();
    }
  }
}
