package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Encodes camera and goal images to latents with the bundled world model. */
@Command(
    name = "perception",
    mixinStandardHelpOptions = true,
    description = {
      "Encode camera frames ('image', default ros.cameraTopic) and goal images ('goal_image',",
      "default ros.goalImageTopic) to latents (std_msgs/Float32MultiArray) on 'latent'",
      "(default ros.latentTopic) and 'goal_latent' (default ros.latentTopic + '_goal');",
      "proprio from 'ee_pose' (PoseStamped) and 'joint_states' (gripper); latency on ~latency_ms."
    })
final class PerceptionNodeCommand extends RosNodeRunner {
  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "World-model bundle (default: the config's model.bundle).")
  Path model;

  @Option(
      names = "--threads",
      description = "ONNX Runtime threads for the encoder (default ${DEFAULT-VALUE}).")
  int threads = 1;

  @Override
  String defaultName() {
    return "foresight_perception";
  }

  @Override
  NodeCommand.Running start(NodeTransport node, RosSettings ros, PrintWriter out) throws Exception {
    return PerceptionNode.start(node, ros, ConfigFiles.model(foresight, model), threads, out);
  }
}
