package dev.foresight.bridge;

import dev.foresight.bridge.AgentSessions.Session;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.bridge.v1.RejectReason;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's check of a client's hello: protocol version, token (compared in constant time), the
 * client id's length, and a bounded rate of failed hellos per remote address. Confined to the
 * agent's I/O thread.
 */
final class HelloGate {
  /** Remote addresses whose failed hellos are remembered at once. */
  private static final int MAX_TRACKED_ADDRESSES = 1024;

  private static final long MINUTE_NANOS = 60_000_000_000L;

  /** Why a hello is refused: the reject the client gets before the connection closes. */
  record Refusal(RejectReason reason, String message) {}

  /** Failed hellos of one remote address in the current minute. */
  private static final class FailedHellos {
    long windowStartNanos;
    int count;
  }

  private final byte[] authToken;
  private final ConnectionLimits limits;
  private final Map<InetAddress, FailedHellos> failedHellos =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, FailedHellos> eldest) {
          return size() > MAX_TRACKED_ADDRESSES;
        }
      };

  HelloGate(String authToken, ConnectionLimits limits) {
    this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
    this.limits = limits;
  }

  /**
   * Checks a hello: names the session after its client id, then refuses a client of an address with
   * too many recent failed hellos, an overlong client id, another protocol version or a wrong token
   * (counting the failure).
   *
   * @return why the hello is refused, or null to welcome it
   */
  Refusal check(Session session, Hello hello, long nowNanos) {
    String clientId = hello.getClientId();
    session.clientId =
        clientId.isEmpty()
            ? "anonymous"
            : clientId.substring(0, Math.min(clientId.length(), AgentSessions.MAX_CLIENT_ID_CHARS));
    InetAddress address = remoteAddress(session.channel);
    if (address != null && loginBlocked(address, nowNanos)) {
      return new Refusal(
          RejectReason.REJECT_REASON_LOGIN_RATE,
          "too many failed hellos from "
              + address.getHostAddress()
              + " (more than "
              + limits.maxFailedHellosPerMinute()
              + " in a minute); try again in a minute");
    }
    if (clientId.length() > AgentSessions.MAX_CLIENT_ID_CHARS) {
      return new Refusal(
          RejectReason.REJECT_REASON_MALFORMED,
          "hello client_id is "
              + clientId.length()
              + " characters long, expected at most "
              + AgentSessions.MAX_CLIENT_ID_CHARS);
    }
    if (hello.getProtocolVersion() != Protocol.VERSION) {
      return new Refusal(
          RejectReason.REJECT_REASON_PROTOCOL_VERSION,
          "hello protocol_version "
              + hello.getProtocolVersion()
              + " is not supported, expected "
              + Protocol.VERSION);
    }
    byte[] token = hello.getAuthToken().getBytes(StandardCharsets.UTF_8);
    // Without a token of its own the agent listens on loopback only (RobotAgent.start); with one,
    // only the same non-empty token is accepted.
    if (authToken.length > 0 && (token.length == 0 || !MessageDigest.isEqual(token, authToken))) {
      if (address != null) {
        countFailedHello(address, nowNanos);
      }
      return new Refusal(
          RejectReason.REJECT_REASON_AUTH_FAILED,
          "hello auth_token does not match the agent's token");
    }
    return null;
  }

  private static InetAddress remoteAddress(Channel channel) {
    SocketAddress address = channel.remoteAddress();
    return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  /** Whether this address made too many failed hellos in the last minute. */
  private boolean loginBlocked(InetAddress address, long nowNanos) {
    FailedHellos failed = failedHellos.get(address);
    if (failed == null) {
      return false;
    }
    if (nowNanos - failed.windowStartNanos > MINUTE_NANOS) {
      failedHellos.remove(address);
      return false;
    }
    return failed.count >= limits.maxFailedHellosPerMinute();
  }

  private void countFailedHello(InetAddress address, long nowNanos) {
    FailedHellos failed = failedHellos.computeIfAbsent(address, a -> new FailedHellos());
    if (failed.count == 0 || nowNanos - failed.windowStartNanos > MINUTE_NANOS) {
      failed.windowStartNanos = nowNanos;
      failed.count = 0;
    }
    failed.count++;
  }
}
