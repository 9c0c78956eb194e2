package dev.foresight.launch;

import dev.foresight.bridge.BridgeClient;
import dev.foresight.runtime.BridgeCommands;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the commands that drive an agent ({@code run}, {@code explore}, {@code node planner
 * --bridge}) connect to it: as the controlling client, with the configured token and TLS, counting
 * the agent's states for {@link BridgeCommands}.
 */
final class AgentClients {
  private AgentClients() {}

  /**
   * A client builder for the agent at {@code host:port}.
   *
   * @param token the bridge token, or null
   * @param ssl the client's TLS context, or null for plain TCP
   * @param states counts the agent's state messages
   */
  static BridgeClient.Builder controller(
      String host, int port, String clientId, String token, SslContext ssl, AtomicLong states) {
    BridgeClient.Builder builder =
        BridgeClient.builder(host, port)
            .optClientId(clientId)
            .optAuthToken(token)
            .optRequestControl(true)
            .optListener(BridgeCommands.listener(states));
    if (ssl != null) {
      builder.optSslContext(ssl);
    }
    return builder;
  }
}
