package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The streams and sampling that {@code foresight record} and {@code foresight data import} share:
 * the same topic options (defaults from the config's {@code ros} section), rate, gap, frame size,
 * step cap and task name, so that a live recording and an imported bag of the same run give the
 * same dataset.
 */
final class StreamOptions {
  @Option(
      names = "--camera",
      paramLabel = "TOPIC",
      description = "sensor_msgs/Image or CompressedImage (JPEG/PNG) (default: ros.cameraTopic).")
  String camera;

  @Option(
      names = "--pose",
      paramLabel = "TOPIC",
      description = "geometry_msgs/PoseStamped of the end effector (default: ros.eePoseTopic).")
  String pose;

  @Option(
      names = "--joints",
      paramLabel = "TOPIC",
      description = "sensor_msgs/JointState with a 'gripper' joint (default: ros.jointStateTopic).")
  String joints;

  @Option(
      names = "--command",
      paramLabel = "TOPIC",
      description = "geometry_msgs/TwistStamped commands as applied (default: ros.commandTopic).")
  String command;

  @Option(
      names = "--episode-topic",
      paramLabel = "TOPIC",
      description = "std_msgs/String: each message ends the open episode (default: none).")
  String episodeTopic;

  @Option(
      names = "--rate",
      defaultValue = "10",
      paramLabel = "HZ",
      description = "Steps per second (default ${DEFAULT-VALUE}, as simulated datasets).")
  double rateHz;

  @Option(
      names = "--gap",
      defaultValue = "1.0",
      paramLabel = "SECONDS",
      description = "A stream silent this long ends the episode (default ${DEFAULT-VALUE}).")
  double gapSeconds;

  @Option(
      names = "--size",
      defaultValue = "64",
      paramLabel = "PX",
      description = "Frame side, the model's input size (default ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(
      names = "--max-steps",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Most steps of one episode; longer runs are split (default ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(
      names = "--task",
      defaultValue = "recorded",
      paramLabel = "NAME",
      description = "Task name written to the manifest (default ${DEFAULT-VALUE}).")
  String task;

  /** The topics to read, each as given or the config's, passed through {@code resolve}. */
  record Topics(String camera, String pose, String joints, String command, String episodeEnd) {}

  /**
   * @param resolve how a topic name becomes the one on the wire (the node's remapping, or the root
   *     namespace for bags)
   */
  Topics topics(RosSettings ros, UnaryOperator<String> resolve) {
    return new Topics(
        resolve.apply(camera != null ? camera : ros.cameraTopic()),
        resolve.apply(pose != null ? pose : ros.eePoseTopic()),
        resolve.apply(joints != null ? joints : ros.jointStateTopic()),
        resolve.apply(command != null ? command : ros.commandTopic()),
        episodeTopic == null ? null : resolve.apply(episodeTopic));
  }
}
