package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin StreamOptions streams;

  @Override
  public Integer call() throws Exception {
    RosSettings ros = ConfigFiles.load(config).ros();
    StreamOptions.Topics topics = streams.topics(ros, DataImportCommand::global);
    BagImport.Options options =
        new BagImport.Options(
            bags,
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
            streams.task);
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
