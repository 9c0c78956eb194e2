package dev.foresight.launch;

import dev.foresight.sim.DatasetRecorder;
import dev.foresight.sim.ExpertEvaluation;
import dev.foresight.sim.PolicyKind;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foresight sim …}: the embedded simulator's tasks, experts and dataset recorder. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Record datasets and evaluate seeded episodes in the embedded simulator.",
    subcommands = {
      SimCommand.Record.class,
      SimCommand.Experts.class,
      SimCommand.TaskList.class,
      SimEvalCommand.class,
      SimMergeCommand.class
    })
final class SimCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code foresight sim record}. */
  @Command(
      name = "record",
      mixinStandardHelpOptions = true,
      description = {
        "Record episodes in the Foresight dataset format v1 (episode-NNNNNN.npz + manifest.json).",
        "Re-running with the same options resumes: finished episodes are skipped."
      })
  static final class Record implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--task", required = true, description = "reach, push-t or pick-place.")
    String task;

    @Option(names = "--episodes", required = true, description = "Number of episodes (>= 0).")
    int episodes;

    @Option(
        names = "--seed",
        defaultValue = "0",
        description = "Base seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--policy",
        defaultValue = "mixed",
        description = "expert, random or mixed (default ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--out", required = true, description = "Dataset directory.")
    Path out;

    @Option(
        names = "--steps",
        description = "Control steps per episode (default: the task's step limit).")
    Integer steps;

    @Option(names = "--size", defaultValue = "64", description = "Image width and height, 16..224.")
    int size;

    @Option(
        names = "--camera",
        defaultValue = "top-down",
        description =
            "top-down (Java2D), perspective (ray caster) or two-view (both side by side);"
                + " default ${DEFAULT-VALUE}.")
    String camera;

    @Option(
        names = "--hold",
        defaultValue = "1",
        description =
            "Hold each of the policy's actions this many control steps (e.g. 5 for a"
                + " frameskip-5 model, whose planner holds each macro-action 5 steps; default"
                + " ${DEFAULT-VALUE}).")
    int hold;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
      if (hold < 1) {
        throw new IllegalArgumentException("--hold " + hold + " is out of range, expected >= 1");
      }
      SimTask simTask = Tasks.byName(task);
      PolicyKind kind = PolicyKind.parse(policy);
      RenderSettings render =
          new RenderSettings(
              size, size, RenderSettings.Camera.parse(camera), RenderSettings.NO_JITTER);
      int stepCount = steps == null ? simTask.spec().maxSteps() : steps;
      DatasetRecorder.Options options =
          new DatasetRecorder.Options(simTask, episodes, seed, kind, out, render, stepCount, hold);
      // Fail on a bad directory before a progress bar is drawn.
      DatasetRecorder.validate(options);
      PrintWriter stdout = spec.commandLine().getOut();
      DatasetRecorder.Summary summary;
      if (noProgress) {
        summary = DatasetRecorder.record(options, null);
      } else {
        try (ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("record " + task)
                .setInitialMax(episodes)
                .setStyle(ProgressBarStyle.ASCII)
                .build()) {
          summary = DatasetRecorder.record(options, (done, total) -> bar.stepTo(done));
        }
      }
      stdout.printf(
          Locale.ROOT,
          "recorded %d episode(s), skipped %d already present, %d/%d recorded succeeded,"
              + " %.1f s, into %s%n",
          summary.recorded(),
          summary.skipped(),
          summary.successes(),
          summary.recorded(),
          summary.seconds(),
          out);
      return 0;
    }
  }

  /** {@code foresight sim experts}. */
  @Command(
      name = "experts",
      mixinStandardHelpOptions = true,
      description = "Run each task's scripted expert on seeded episodes and print success rates.")
  static final class Experts implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--episodes", defaultValue = "100", description = "Episodes per task.")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", description = "Base seed.")
    long seed;

    @Option(names = "--task", description = "Only this task.")
    String task;

    @Override
    public Integer call() {
      if (episodes < 0) {
        throw new IllegalArgumentException("episode count must be >= 0, got " + episodes);
      }
      List<SimTask> tasks = new ArrayList<>();
      if (task != null) {
        tasks.add(Tasks.byName(task));
      } else {
        tasks.addAll(Tasks.all());
      }
      PrintWriter out = spec.commandLine().getOut();
      for (SimTask simTask : tasks) {
        long start = System.nanoTime();
        ExpertEvaluation.Result result = ExpertEvaluation.run(simTask, episodes, seed, null);
        out.println(simTask.spec().describe());
        out.printf(
            Locale.ROOT,
            "  expert: %d/%d successful (%.1f%%), %.1f s%n",
            result.successes(),
            result.episodes(),
            100 * result.rate(),
            (System.nanoTime() - start) / 1e9);
        out.flush();
      }
      return 0;
    }
  }

  /** {@code foresight sim tasks}. */
  @Command(
      name = "tasks",
      mixinStandardHelpOptions = true,
      description = "Print every task's goal, success criterion, thresholds and step limit.")
  static final class TaskList implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      for (SimTask simTask : Tasks.all()) {
        spec.commandLine().getOut().println(simTask.spec().describe());
      }
      return 0;
    }
  }
}
