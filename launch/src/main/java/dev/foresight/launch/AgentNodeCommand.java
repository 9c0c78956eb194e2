package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the bridge agent and publishes the arm's joint state and end-effector pose. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Run the bridge agent (like 'foresight agent'), publishing sensor_msgs/JointState on",
      "'joint_states' (default ros.jointStateTopic) and geometry_msgs/PoseStamped on 'ee_pose'",
      "(default ros.eePoseTopic). --driver sim hosts a simulated episode (--task, --seed,",
      "--out) as 'foresight agent --driver sim' does and publishes its camera on 'image'",
      "(default ros.cameraTopic) as well, each frame after the arm state it shows."
    })
final class AgentNodeCommand extends RosNodeRunner {
  @Option(
      names = "--driver",
      paramLabel = "DRIVER",
      description =
          "Arm driver: kinematic (default), log, ros (TwistStamped on 'twist') or sim (a"
              + " simulated episode).")
  String driver = "kinematic";

  @Option(
      names = "--task",
      description = "With --driver sim: reach, push-t or pick-place (default ${DEFAULT-VALUE}).")
  String task = "reach";

  @Option(
      names = "--seed",
      description = "With --driver sim: episode seed (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(
      names = "--camera",
      paramLabel = "CAMERA",
      description =
          "With --driver sim: top-down (Java2D, straight down), perspective (ray-cast oblique"
              + " view from the front, which shows height) or two-view (both side by side at half"
              + " width); default ${DEFAULT-VALUE}. Train and run with the camera the data was"
              + " recorded with.")
  String camera = "top-down";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "With --driver sim: folder for goal.png and the episode's summary.json.")
  java.nio.file.Path out;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port to listen on (overrides bridge.port; 0 = any free port).")
  Integer port;

  @Option(names = "--rate", description = "State publishing rate, Hz (default ${DEFAULT-VALUE}).")
  double rateHz = 50;

  @Option(
      names = "--frame-id",
      description =
          "Robot base frame: of the published pose, of the ros driver's twists and of the"
              + " measured poses it accepts (default ${DEFAULT-VALUE}).")
  String frameId = "base_link";

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description =
          "PKCS12 keystore with the agent's key and certificate, required when bridge.tls is"
              + " true; its password comes from $"
              + BridgeTls.KEYSTORE_PASSWORD_ENV
              + ".")
  Path keystore;

  @Override
  String defaultName() {
    return "foresight_agent";
  }

  @Override
  NodeCommand.Running start(NodeTransport node, RosSettings ros, PrintWriter out) throws Exception {
    SslContext ssl = BridgeTls.server(foresight.bridge().tls(), keystore);
    if (driver.equals("sim")) {
      SimAgentHost host =
          SimAgentHost.start(
              foresight,
              dev.foresight.sim.Tasks.byName(task),
              seed,
              SimAgentHost.render(camera),
              foresight.bridge().host(),
              port != null ? port : foresight.bridge().port(),
              BridgeTokens.resolve(foresight.bridge().tokenSource()),
              ssl,
              node,
              this.out,
              out);
      return host::close;
    }
    return AgentNode.start(node, foresight, driver, port, rateHz, frameId, ssl, out);
  }
}
