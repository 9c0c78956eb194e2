package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.ros.RosNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Plans end-effector commands toward the goal latent with CEM over the world model. */
@Command(
    name = "planner",
    mixinStandardHelpOptions = true,
    description = {
      "Plan with the configured sampler over the bundled world model from 'latent' and",
      "'goal_latent' (std_msgs/Float32MultiArray; defaults as the perception node publishes);",
      "publish the first action as geometry_msgs/TwistStamped on 'command' (default",
      "ros.commandTopic, velocity = delta / control period) and the energy on ~energy;",
      "with --bridge also send it to the bridge agent at bridge.host:bridge.port."
    })
final class PlannerNodeCommand extends RosNodeRunner {
  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "World-model bundle (default: the config's model.bundle).")
  Path model;

  @Option(
      names = "--bridge",
      description = "Send every chosen action to the bridge agent (bridge section of the config).")
  boolean bridge;

  @Option(
      names = "--bridge-port",
      paramLabel = "N",
      description = "Agent port (overrides bridge.port).")
  Integer bridgePort;

  @Option(
      names = "--rearm",
      description =
          "Re-arm the agent after its watchdog stopped the arm; any other stop (a stop request,"
              + " a driver fault, a stale measured state) latches: the planner logs it and the"
              + " arm holds.")
  boolean rearm;

  @Option(
      names = "--acknowledge-stop",
      paramLabel = "CAUSE",
      description =
          "At start, when the agent is stopped for CAUSE (e.g. client-stop, driver-fault,"
              + " state-stale, limit-violation, controller-disconnected, watchdog), re-arm it"
              + " naming that cause. Use it only after checking the arm.")
  String acknowledgeStop;

  @Option(
      names = "--truststore",
      paramLabel = "FILE",
      description =
          "With bridge.tls: PKCS12 truststore holding the agent's certificate (password in $"
              + BridgeTls.TRUSTSTORE_PASSWORD_ENV
              + "); without it the JDK's default trust anchors apply.")
  Path truststore;

  @Option(
      names = "--frame-id",
      description = "Frame of the published twists (default ${DEFAULT-VALUE}).")
  String frameId = "base_link";

  @Override
  String defaultName() {
    return "foresight_planner";
  }

  @Override
  NodeCommand.Running start(RosNode node, RosSettings ros, PrintWriter out) throws Exception {
    return PlannerNode.start(
        node,
        foresight,
        ConfigFiles.model(foresight, model),
        bridge
            ? new PlannerNode.BridgeTarget(
                bridgePort,
                rearm,
                dev.foresight.runtime.StopCauses.parse("--acknowledge-stop", acknowledgeStop),
                BridgeTls.client(foresight.bridge().tls(), truststore))
            : null,
        frameId,
        out);
  }
}
