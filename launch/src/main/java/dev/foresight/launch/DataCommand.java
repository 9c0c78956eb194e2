package dev.foresight.launch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight data …}: look at recorded datasets before training on them. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Inspect recorded datasets (dataset format v1).",
    subcommands = {DataCommand.Info.class, DataCommand.View.class, DataImportCommand.class})
final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code foresight data info DIR}. */
  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = {
        "Episodes, steps, the range of every action and proprio dimension and, for datasets",
        "recorded from a robot, the sync error between camera frames and arm state."
      })
  static final class Info implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Dataset folder (holds manifest.json).")
    Path directory;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      DatasetStats stats = DatasetStats.read(directory, progress(spec));
      for (String line : stats.lines()) {
        out.println(line);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code foresight data view DIR}. */
  @Command(
      name = "view",
      mixinStandardHelpOptions = true,
      description = {
        "Pictures of chosen episodes: a filmstrip of the camera frames (with the goal frame",
        "when recorded) and a plot of every action dimension per step, as PNG files."
      })
  static final class View implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Dataset folder (holds manifest.json).")
    Path directory;

    @Option(
        names = "--episodes",
        split = ",",
        paramLabel = "I",
        description = "Positions in the manifest's episode list (default: the first three).")
    int[] episodes;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Folder for the pictures (default: DIR/view).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Path target = out != null ? out : directory.resolve("view");
      for (Path written : DatasetPictures.write(directory, episodes, target)) {
        spec.commandLine().getOut().println(written);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** A progress line on stderr for datasets of more than 20 episodes, every tenth of them. */
  private static java.util.function.IntBinaryOperator progress(CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    return (read, total) -> {
      if (total > 20 && (read % Math.max(1, total / 10) == 0 || read == total)) {
        err.printf(Locale.ROOT, "reading episodes %d/%d%n", read, total);
        err.flush();
      }
      return read;
    };
  }
}
