package dev.foresight.launch;

import dev.foresight.bridge.StopCause;
import dev.foresight.config.BridgeSettings;
import dev.foresight.runtime.StopCauses;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --rearm}, {@code --acknowledge-stop} and {@code --truststore} options of the commands
 * that drive a bridge agent as its client ({@code foresight run}, {@code foresight node planner
 * --bridge}): the arming rule's two choices and the TLS trust.
 */
final class BridgeClientMixin {
  @Option(
      names = "--rearm",
      description =
          "Re-arm the agent after its watchdog stopped the arm while this client stayed connected"
              + " (a starved machine); any other stop (a stop request, a driver fault, a stale"
              + " measured state) latches: the arm holds.")
  boolean rearm;

  @Option(
      names = "--acknowledge-stop",
      paramLabel = "CAUSE",
      description =
          "At start, when the agent is stopped for CAUSE (e.g. client-stop after an earlier run,"
              + " driver-fault, state-stale, limit-violation, controller-disconnected, watchdog),"
              + " re-arm it naming that cause. Use it only after checking the arm.")
  String acknowledgeStop;

  @Option(
      names = "--truststore",
      paramLabel = "FILE",
      description =
          "With bridge.tls: PKCS12 truststore holding the agent's certificate (password in $"
              + BridgeTls.TRUSTSTORE_PASSWORD_ENV
              + "); without it the JDK's default trust anchors apply.")
  Path truststore;

  /** The stop named by {@code --acknowledge-stop}, or null. */
  StopCause acknowledged() {
    return StopCauses.parse("--acknowledge-stop", acknowledgeStop);
  }

  /** The client's TLS context for {@code bridge}, or null without {@code bridge.tls}. */
  SslContext tls(BridgeSettings bridge) {
    return BridgeTls.client(bridge.tls(), truststore);
  }
}
