package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight data import BAG... --out DIR}: ROS 1 bags to a dataset, without ROS. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Turn ROS 1 bags (format 2.0; uncompressed, bz2 or lz4 chunks; with or without index) into a",
      "dataset (format v1) that foresight train reads: camera frames resized to the model input,",
      "end-effector pose and gripper as proprio, the commands applied as actions, sampled at",
      "--rate on the messages' header stamps (as foresight record does live); a gap in a stream",
      "or a message on --episode-topic ends an episode. Topics default to the config's ros",
      "section."
    })
final class DataImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "BAG", description = "Bag files, in time order.")
  List<Path> bags;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New dataset folder.")
  Path out;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (ros topics).")
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

  @Override
  public Integer call() throws Exception {
    RosSettings ros = ConfigFiles.load(config).ros();
    BagImport.Options options =
        new BagImport.Options(
            bags,
            out,
            global(camera != null ? camera : ros.cameraTopic()),
            global(pose != null ? pose : ros.eePoseTopic()),
            global(joints != null ? joints : ros.jointStateTopic()),
            global(command != null ? command : ros.commandTopic()),
            episodeTopic == null ? null : global(episodeTopic),
            rateHz,
            gapSeconds,
            imageSize,
            maxSteps,
            task);
    PrintWriter err = spec.commandLine().getErr();
    BagImport.Summary summary = BagImport.run(options, err);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        Locale.ROOT,
        "foresight data import: %d episodes, %d steps into %s; %d messages, %.1f MB of bags in"
            + " %.2f s (%.1f MB/s)%n",
        summary.episodes(),
        summary.steps(),
        out,
        summary.messages(),
        summary.bagBytes() / 1e6,
        summary.seconds(),
        summary.megabytesPerSecond());
    stdout.flush();
    return 0;
  }

  /** A topic as bags name it: relative names resolve in the root namespace. */
  static String global(String topic) {
    return topic.startsWith("/") ? topic : "/" + topic;
  }
}
