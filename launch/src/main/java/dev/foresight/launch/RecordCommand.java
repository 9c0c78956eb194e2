package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foresight record --out DIR}: live ROS 1 or ROS 2 topics to a dataset, as a bag import
 * would.
 */
@Command(
    name = "record",
    modelTransformer = NodeTransports.RosArgumentsAsParameters.class,
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe to the camera (sensor_msgs/Image or CompressedImage JPEG/PNG), the end-effector",
      "pose (PoseStamped), joint states (gripper joint) and the commands applied (TwistStamped),",
      "and write a dataset (format v1) at --rate, exactly as foresight data import would from a",
      "rosbag of the same run: steps on the messages' header stamps, frames resized to the model",
      "input. An episode ends when the streams fall silent for --gap, on a message on",
      "--episode-topic, or at --max-steps. Each episode file is written atomically; an existing",
      "dataset in --out is continued. Ctrl-C writes the open episode and stops. Topics default to",
      "the config's ros section; options override it. On ROS 2 (ros.version: 2, --ros-version 2",
      "or --ros-args) the camera is read as sensor data (best effort), the rest reliable, in",
      "ROS_DOMAIN_ID (default ros.domainId)."
    })
final class RecordCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Dataset folder: new, empty, or a dataset to continue.")
  Path out;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration (ros: master and topics).")
  Path config;

  @Mixin StreamOptions streams;

  @Option(
      names = "--duration",
      defaultValue = "0",
      paramLabel = "SECONDS",
      description = "Stop after this many seconds; 0 (default) records until Ctrl-C.")
  double durationSeconds;

  @Option(
      names = "--episodes",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Stop after writing this many episodes (one begun after them is dropped); 0 (default)"
              + " for no limit.")
  int episodes;

  @Option(
      names = "--topic-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "Longest wait for the first camera, pose and joint message (default ${DEFAULT-VALUE}).")
  double topicTimeoutSeconds;

  @Option(
      names = "--ros-version",
      paramLabel = "1|2",
      description =
          "ROS to speak: 1 or 2 (default: the config's ros.version, or 2 when --ros-args is"
              + " given).")
  Integer rosVersion;

  @Parameters(
      paramLabel = "ROS_ARG",
      description =
          "ROS 1 arguments: from:=to remappings, __name:=, __ns:=, __master:=, __ip:=,"
              + " __hostname:=. ROS 2 arguments: --ros-args -r from:=to -r __node:=NAME"
              + " -r __ns:=/NS -p config:=FILE [--].")
  List<String> rosArguments = new ArrayList<>();

  private volatile boolean interrupted;

  private RosRecording.Options options(StreamOptions.Topics topics) {
    return new RosRecording.Options(
        out,
        topics.camera(),
        topics.pose(),
        topics.joints(),
        topics.command(),
        topics.episodeEnd(),
        streams.rateHz,
        streams.gapSeconds,
        streams.imageSize,
        streams.maxSteps,
        streams.task,
        durationSeconds,
        episodes,
        topicTimeoutSeconds);
  }

  @Override
  public Integer call() throws Exception {
    NodeTransports.Selection selection =
        NodeTransports.select(
            rosArguments, rosVersion, config, true, "ROS arguments like from:=to or __name:=NAME");
    RosSettings ros = selection.config().ros();
    // Built once before the node starts, so that bad values fail before any connection.
    options(streams.topics(ros, UnaryOperator.identity()));
    PrintWriter err = spec.commandLine().getErr();
    NodeTransport node = NodeTransports.start(selection, "foresight_record");
    RosRecording.Summary summary;
    try (ShutdownHook hook =
        ShutdownHook.add(
            "foresight-record-shutdown", () -> interrupted = true, Duration.ofSeconds(10))) {
      RosRecording.Options options = options(streams.topics(ros, node::resolve));
      summary = RosRecording.run(options, node, err, () -> interrupted);
    } finally {
      node.close();
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        Locale.ROOT,
        "foresight record: %d episodes, %d steps into %s (%d episodes there now); sync error mean"
            + " %.1f ms, max %.1f ms; %d late and %d dropped messages%n",
        summary.episodes(),
        summary.steps(),
        out,
        summary.datasetEpisodes(),
        summary.meanSyncErrorMillis(),
        summary.maxSyncErrorMillis(),
        summary.late(),
        summary.dropped());
    stdout.flush();
    return 0;
  }
}
