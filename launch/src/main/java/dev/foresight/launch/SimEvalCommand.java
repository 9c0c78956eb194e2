package dev.foresight.launch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.config.ForesightConfig;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.Evaluation;
import dev.foresight.sim.loop.SearchOverrides;
import dev.foresight.sim.report.EvalRun;
import dev.foresight.sim.report.EvalSummary;
import dev.foresight.sim.report.Shard;
import dev.foresight.view.LiveView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foresight sim eval}: seeded episodes through the closed loop, with a report. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Run seeded episodes through the closed loop and write results.json, report.html and",
      "a filmstrip per failed episode. --shard i/n runs every n-th episode (merge the shards",
      "with `foresight sim merge`)."
    })
final class SimEvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--task", required = true, description = "reach, push-t or pick-place.")
  String task;

  @Option(
      names = "--episodes",
      defaultValue = "100",
      description = "Episodes in the whole run (default ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--planner",
      defaultValue = "oracle",
      description =
          "learned, oracle or random; learned-energy is a diagnostic: the learned model's energy"
              + " (its encoder) over the simulator's true dynamics, which tells whether the learned"
              + " energy or the learned dynamics limit a task; picture-energy the same with the L1"
              + " distance of arm-free pictures (the frame with the arm's footprint painted out,"
              + " pooled to 32×32, weighted by --search picture=W) and picture-latent-energy the sum"
              + " of both; moments-energy the object's pose from the arm-free picture's moments"
              + " (default ${DEFAULT-VALUE}).")
  String planner;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Base seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--shard",
      description =
          "Part of the run to execute, i/n (default: $FORESIGHT_SHARD, else in a Kubernetes"
              + " Indexed Job $JOB_COMPLETION_INDEX+1 of $FORESIGHT_SHARD_COUNT, else 1/1).")
  String shard;

  @Mixin SimModelMixin modelOptions;

  @Mixin ViewMixin viewOptions;

  private LiveView view;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--direct",
      description =
          "Apply actions straight to the simulator instead of through a bridge agent (faster,"
              + " for experiments; the default is the full loop).")
  boolean direct;

  @Option(names = "--quiet", description = "No line per episode.")
  boolean quiet;

  @Option(
      names = "--subgoals",
      description =
          "Plan through the task's subgoal images in turn (pick-place: above the cube, around it,"
              + " closed on it, carried over the pad, lowered), moving on when the arm's measured"
              + " pose matches; results are labelled PLANNER+subgoals.")
  boolean subgoals;

  @Option(
      names = "--search",
      paramLabel = "KEY=VALUE",
      description = {
        "Planner search over the defaults, the same for learned and oracle (repeatable):"
            + " sampler, samples, elites, iterations, horizon (control steps), budget (ms), repeat (steps per"
            + " macro-action), execute (actions per search), beta (coloured noise), keep (elite"
            + " fraction kept), decay (population), energy (summed|final), subgoal (control"
            + " steps per high-level macro-action: plan in two levels through predicted"
            + " subgoals; 0 flat), subgoal-horizon (the high level's look-ahead), oracle-threads,"
            + " oracle-substeps, oracle-solver. Results are labelled PLANNER[KEY=VALUE ...]."
      })
  Map<String, String> search;

  @Option(
      names = "--with-oracle",
      description =
          "With --planner learned: run the oracle too, on the same seeds and search settings, into"
              + " OUT/oracle, and print learned, oracle and the gap (whether the model or the"
              + " planner limits the task).")
  boolean withOracle;

  @Override
  public Integer call() throws IOException {
    if (withOracle && !planner.equals("learned")) {
      throw new IllegalArgumentException(
          "--with-oracle goes with --planner learned, not '" + planner + "'");
    }
    try (LiveView started = viewOptions.start(modelOptions.load(), spec.commandLine().getOut())) {
      view = started;
      return evaluateAll();
    }
  }

  private int evaluateAll() throws IOException {
    EvalSummary learned = evaluateWith(planner, out);
    if (withOracle) {
      EvalSummary oracle = evaluateWith("oracle", out.resolve("oracle"));
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "learned %d/%d (%.1f%%), oracle %d/%d (%.1f%%): gap %+.1f points%n",
              learned.successes(),
              learned.episodes(),
              100 * learned.successRate(),
              oracle.successes(),
              oracle.episodes(),
              100 * oracle.successRate(),
              100 * (oracle.successRate() - learned.successRate()));
      ObjectNode gap = ReportJson.object();
      gap.put("task", task);
      gap.put("learnedSuccesses", learned.successes());
      gap.put("oracleSuccesses", oracle.successes());
      gap.put("episodes", learned.episodes());
      ReportJson.put(gap, "gapPoints", 100 * (oracle.successRate() - learned.successRate()));
      ReportJson.write(out.resolve("gap.json"), gap);
    }
    return 0;
  }

  private EvalSummary evaluateWith(String planner, Path out) throws IOException {
    SimTask simTask = Tasks.byName(task);
    Logging.quietEvaluationClient();
    Shard part = Shard.resolve(shard, System.getenv());
    // The run's own planner's default search: --with-oracle runs the oracle at the same settings.
    SearchOverrides overrides =
        SimPolicies.search(task, this.planner, subgoals, SearchOverrides.parse(search));
    ForesightConfig cfg = modelOptions.load();
    try (SimPolicies policies =
        SimPolicies.byName(planner, cfg, modelOptions.bundle(cfg, task), subgoals, overrides)) {
      if (policies.engineName() != null && !quiet) {
        spec.commandLine().getOut().printf("learned model on %s%n", policies.engineName());
      }
      String label = subgoals ? planner + "+subgoals" : planner;
      String settings = overrides.label(planner);
      return evaluate(
          simTask,
          part,
          policies.factory(),
          settings.isEmpty() ? label : label + "[" + settings + "]",
          out);
    }
  }

  private EvalSummary evaluate(
      SimTask simTask, Shard part, Evaluation.PolicyFactory policies, String label, Path out)
      throws IOException {
    Evaluation.Options options =
        new Evaluation.Options(
            simTask, label, episodes, seed, part, out, RenderSettings.defaults());
    PrintWriter stdout = spec.commandLine().getOut();
    Evaluation.ActuatorFactory actuators =
        direct
            ? Evaluation.ActuatorFactory.direct()
            : view != null ? LiveViews.bridgeShown(view) : Evaluation.ActuatorFactory.bridge();
    EvalRun run =
        Evaluation.run(
            options,
            view != null ? LiveViews.shown(policies, view) : policies,
            actuators,
            (result, done, total) -> {
              if (!quiet) {
                stdout.printf(
                    Locale.ROOT,
                    "[%d/%d] episode %d (seed %d): %s%n",
                    done,
                    total,
                    result.index(),
                    result.seed(),
                    result.success()
                        ? "success in " + result.stepsToSuccess() + " steps"
                        : "failure: " + result.failureCause());
                stdout.flush();
              }
            });
    EvalSummary s = run.summary();
    stdout.printf(
        Locale.ROOT,
        "%s with the %s planner, shard %s: %d/%d successes (%.1f%%, 95%% CI %.1f-%.1f%%),"
            + " median steps to success %.1f, planning ms per replan p50 %.1f, per executed"
            + " control step mean %.1f (p50 %.1f p95 %.1f) -> %s%n",
        run.task(),
        run.planner(),
        part,
        s.successes(),
        s.episodes(),
        100 * s.successRate(),
        100 * s.successRateLow(),
        100 * s.successRateHigh(),
        s.medianStepsToSuccess(),
        s.replanMillisP50(),
        s.planningMillisPerStepMean(),
        s.planningMillisP50(),
        s.planningMillisP95(),
        out.resolve("report.html"));
    return s;
  }
}
