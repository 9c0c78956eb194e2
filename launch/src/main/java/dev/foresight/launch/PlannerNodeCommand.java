package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.view.LiveView;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin BridgeClientMixin client;

  @Mixin ViewMixin viewOptions;

  @Option(
      names = "--frame-id",
      description = "Frame of the published twists (default ${DEFAULT-VALUE}).")
  String frameId = "base_link";

  @Override
  String defaultName() {
    return "foresight_planner";
  }

  @Override
  NodeCommand.Running start(NodeTransport node, RosSettings ros, PrintWriter out) throws Exception {
    // The node plans from latents (no camera frames): its view shows the plots, the plan, the
    // predicted path, the agent's state and STOP.
    if (viewOptions.requested() && !bridge) {
      throw new IllegalArgumentException(
          "--view on the planner node shows its bridge agent, expected --bridge as well");
    }
    PlannerNode planner = startPlanner(node, out);
    if (!viewOptions.requested()) {
      return planner;
    }
    LiveView view;
    try {
      view = viewOptions.start(foresight, out);
    } catch (RuntimeException e) {
      planner.close();
      throw e;
    }
    view.watchAgent(
        foresight.bridge().host(),
        bridgePort != null ? bridgePort : foresight.bridge().port(),
        BridgeTokens.resolve(foresight.bridge().tokenSource()),
        client.tls(foresight.bridge()));
    planner.setListener(view.listener());
    return () -> {
      planner.close();
      view.close();
    };
  }

  private PlannerNode startPlanner(NodeTransport node, PrintWriter out) throws Exception {
    return PlannerNode.start(
        node,
        foresight,
        ConfigFiles.model(foresight, model),
        bridge
            ? new PlannerNode.BridgeTarget(
                bridgePort, client.rearm, client.acknowledged(), client.tls(foresight.bridge()))
            : null,
        frameId,
        out);
  }
}
