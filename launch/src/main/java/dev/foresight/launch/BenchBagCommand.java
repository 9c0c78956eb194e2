package dev.foresight.launch;

import dev.foresight.ros.bag.BagConnection;
import dev.foresight.ros.bag.BagMessage;
import dev.foresight.ros.bag.BagMessages;
import dev.foresight.ros.bag.RosBag;
import dev.foresight.ros.msg.MessageType;
import dev.foresight.ros.msg.MessageTypes;
import dev.foresight.ros.tools.RosTools;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench bag FILE}: how fast the bag reader reads and decodes a bag, beside ROS's
 * own {@code rosbag info} and the rosbag Python API's {@code read_messages} on the same file, when
 * Debian's ROS tools are installed.
 */
@Command(
    name = "bag",
    mixinStandardHelpOptions = true,
    description = {
      "Read every message of a ROS 1 bag and decode those of known types; print MB/s beside",
      "rosbag info and rosbag's Python read_messages on the same file (when ROS is installed)."
    })
final class BenchBagCommand implements Callable<Integer> {
  private static final String PYTHON_READ =
      "import sys, time, rosbag\n"
          + "start = time.time()\n"
          + "count = sum(1 for _ in rosbag.Bag(sys.argv[1]).read_messages())\n"
          + "print(count, time.time() - start)\n";

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A ROS 1 bag.")
  Path file;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = "Reads by Foresight; the best is reported (default ${DEFAULT-VALUE}).")
  int repeat;

  @Override
  public Integer call() throws Exception {
    if (repeat < 1 || repeat > 100) {
      throw new IllegalArgumentException(
          "--repeat " + repeat + " is out of range, expected 1..100");
    }
    PrintWriter out = spec.commandLine().getOut();
    double megabytes = Files.size(file) / 1e6;
    try (RosBag bag = RosBag.open(file)) {
      out.printf(
          Locale.ROOT,
          "bag %s: %.1f MB, %d connections, %d messages, chunks %s, %s%n",
          file,
          megabytes,
          bag.connections().size(),
          bag.messageCount(),
          bag.compressions(),
          bag.indexed() ? "indexed" : "no index");
    }
    double best = Double.MAX_VALUE;
    long decoded = 0;
    for (int i = 0; i < repeat; i++) {
      long start = System.nanoTime();
      decoded = readAll();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    out.printf(
        Locale.ROOT,
        "foresight open + read + decode: %.3f s, %.1f MB/s (best of %d; %d messages decoded)%n",
        best,
        megabytes / best,
        repeat,
        decoded);
    out.flush();
    if (RosTools.missingToolsMessage() != null) {
      out.println("rosbag: not installed, nothing to compare with");
      return 0;
    }
    double info =
        timed(List.of(RosTools.ROS_BIN.resolve("rosbag").toString(), "info", file.toString()));
    out.printf(Locale.ROOT, "rosbag info: %.3f s (the whole process)%n", info);
    List<String> python =
        List.of(RosTools.SYSTEM_PYTHON.toString(), "-c", PYTHON_READ, file.toString());
    String[] result = run(python).strip().split(" ");
    double seconds = Double.parseDouble(result[result.length - 1]);
    out.printf(
        Locale.ROOT,
        "rosbag read_messages (Python API, deserialised): %.3f s, %.1f MB/s (%s messages)%n",
        seconds,
        megabytes / seconds,
        result[0]);
    out.flush();
    return 0;
  }

  /** Reads every message, decoding those of a type Foresight knows; returns how many decoded. */
  private long readAll() throws Exception {
    long decoded = 0;
    try (RosBag bag = RosBag.open(file)) {
      List<MessageType<?>> types = new ArrayList<>();
      for (BagConnection connection : bag.connections()) {
        MessageType<?> type = MessageTypes.byName(connection.type()).orElse(null);
        while (types.size() <= connection.id()) {
          types.add(null);
        }
        if (type != null && type.md5().equals(connection.md5())) {
          types.set(connection.id(), type);
        }
      }
      BagMessages messages = bag.messages(bag.topics());
      for (BagMessage m = messages.next(); m != null; m = messages.next()) {
        int id = m.connection().id();
        MessageType<?> type = id < types.size() ? types.get(id) : null;
        if (type != null) {
          m.decode(type);
          decoded++;
        }
      }
    }
    return decoded;
  }

  private static double timed(List<String> command) throws Exception {
    long start = System.nanoTime();
    run(command);
    return (System.nanoTime() - start) / 1e9;
  }

  private static String run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("PYTHONPATH");
    builder.environment().remove("PYTHONHOME");
    builder.redirectErrorStream(true);
    Path output = Files.createTempFile("bench-bag", ".log");
    try {
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 min");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command.get(0)
                + " failed with status "
                + process.exitValue()
                + ": "
                + dev.foresight.core.io.ErrorLines.oneLine(text));
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
