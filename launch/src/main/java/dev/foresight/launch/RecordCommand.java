package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight record --out DIR}: live ROS 1 topics to a dataset, as a bag import would. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe to the camera (sensor_msgs/Image or CompressedImage JPEG/PNG), the end-effector",
      "pose (PoseStamped), joint states (gripper joint) and the commands applied (TwistStamped),",
      "and write a dataset (format v1) at --rate, exactly as foresight data import would from a",
      "rosbag of the same run: steps on the messages' header stamps, frames resized to the model",
      "input. An episode ends when the streams fall silent for --gap, on a message on",
      "--episode-topic, or at --max-steps. Each episode file is written atomically; an existing",
      "dataset in --out is continued. Ctrl-C writes the open episode and stops. Topics default to",
      "the config's ros section; options override it."
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

  @Parameters(
      paramLabel = "ROS_ARG",
      description =
          "ROS arguments: from:=to remappings, __name:=, __ns:=, __master:=, __ip:=,"
              + " __hostname:=.")
  List<String> rosArguments = new ArrayList<>();

  private volatile boolean interrupted;

  @Override
  public Integer call() throws Exception {
    RosSettings ros = ConfigFiles.load(config).ros();
    NodeArguments arguments =
        RosNodeEnvironment.arguments(
            rosArguments, true, "ROS arguments like from:=to or __name:=NAME");
    RosRecording.Options unresolved =
        new RosRecording.Options(
            out,
            camera != null ? camera : ros.cameraTopic(),
            pose != null ? pose : ros.eePoseTopic(),
            joints != null ? joints : ros.jointStateTopic(),
            command != null ? command : ros.commandTopic(),
            episodeTopic,
            rateHz,
            gapSeconds,
            imageSize,
            maxSteps,
            task,
            durationSeconds,
            episodes,
            topicTimeoutSeconds);
    PrintWriter err = spec.commandLine().getErr();
    RosNode node = RosNodeEnvironment.start(arguments, ros, "foresight_record");
    RosRecording.Summary summary;
    try (ShutdownHook hook =
        ShutdownHook.add(
            "foresight-record-shutdown", () -> interrupted = true, Duration.ofSeconds(10))) {
      var names = node.names();
      RosRecording.Options options =
          new RosRecording.Options(
              unresolved.out(),
              names.resolve(unresolved.camera()),
              names.resolve(unresolved.pose()),
              names.resolve(unresolved.joints()),
              names.resolve(unresolved.command()),
              episodeTopic == null ? null : names.resolve(episodeTopic),
              rateHz,
              gapSeconds,
              imageSize,
              maxSteps,
              task,
              durationSeconds,
              episodes,
              topicTimeoutSeconds);
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
