package dev.foresight.launch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.config.ForesightConfig;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.BridgeActuator;
import dev.foresight.sim.loop.EpisodeRunner;
import dev.foresight.sim.loop.Evaluation;
import dev.foresight.sim.loop.PlanningPolicy;
import dev.foresight.sim.loop.SearchOverrides;
import dev.foresight.sim.loop.SimRobot;
import dev.foresight.sim.report.EpisodeResult;
import dev.foresight.sim.report.EvalSummary;
import dev.foresight.sim.report.Filmstrip;
import dev.foresight.sim.report.Plots;
import dev.foresight.view.LiveView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight demo}: one episode of the closed loop, fully embedded — the simulator with its
 * camera, a bridge agent on a loopback port driving the simulated arm, the world model and the
 * planner — with live progress and a report folder.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run one episode of the closed loop in the embedded simulator: camera frames are encoded,",
      "the planner searches the world model for the action closest to the goal image, and the",
      "bridge agent (on a loopback port) drives the simulated arm. Writes a report folder with a",
      "filmstrip, an energy plot, the planner's diagnostics and summary.json.",
      "Exit status 0 when the task succeeds."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--task",
      defaultValue = DemoDefaults.TASK,
      description = "reach, push-t or pick-place (default ${DEFAULT-VALUE}).")
  String task;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Episode seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--planner",
      defaultValue = DemoDefaults.PLANNER,
      description = "learned (the bundled world model) or oracle (default ${DEFAULT-VALUE}).")
  String planner;

  @Option(
      names = "--subgoals",
      negatable = true,
      description =
          "Diagnostic: plan through the task's scripted subgoal pictures in turn, rendered from the"
              + " simulator's privileged state (pick-place: above the cube, around it, closed on"
              + " it, carried over the pad, lowered); off by default: the planner gets the final"
              + " goal image only, as a lab has it.")
  Boolean subgoals;

  @Mixin SimModelMixin modelOptions;

  @Mixin ViewMixin viewOptions;

  @Option(
      names = "--out",
      defaultValue = "demo-report",
      description = "Report folder (default ${DEFAULT-VALUE}).")
  Path out;

  private String engineName;
  private LiveView view;

  @Override
  public Integer call() throws Exception {
    Logging.quietEvaluationClient();
    SimTask simTask = Tasks.byName(task);
    boolean usesSubgoals = subgoals == null ? DemoDefaults.SUBGOALS : subgoals;
    ForesightConfig cfg = modelOptions.load();
    try (SimPolicies policies =
        SimPolicies.byName(
            planner,
            cfg,
            modelOptions.bundle(cfg, task),
            usesSubgoals,
            SimPolicies.search(task, planner, usesSubgoals, SearchOverrides.NONE))) {
      engineName = policies.engineName();
      try (LiveView view = viewOptions.start(cfg, spec.commandLine().getOut())) {
        this.view = view;
        return runEpisode(simTask, policies.factory(), usesSubgoals);
      }
    }
  }

  private int runEpisode(SimTask simTask, Evaluation.PolicyFactory policies, boolean usesSubgoals)
      throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    List<double[]> diagnostics = new ArrayList<>();
    try (Episode episode = new Episode(simTask, seed, RenderSettings.defaults())) {
      stdout.println(simTask.spec().describe());
      if (usesSubgoals) {
        stdout.printf(
            "diagnostic: %d scripted subgoal pictures rendered from the simulator's state, then"
                + " the goal (a lab has only the goal picture)%n",
            episode.goals().size() - 1);
      }
      stdout.printf(
          Locale.ROOT,
          "seed %d, %s planner%s, bridge agent on a loopback port; writing %s%n",
          seed,
          planner,
          engineName == null ? "" : " on " + engineName,
          out);
      Evaluation.EpisodePolicy policy = policies.create(episode);
      EpisodeRunner.Outcome outcome;
      int rearms;
      long accepted;
      try (AutoCloseable resources = policy.resources();
          BridgeActuator actuator =
              new BridgeActuator(episode, SimRobot.robotProfile(simTask.spec()))) {
        if (view != null) {
          LiveViews.attach(view, policy.policy(), actuator);
        }
        int maxSteps = simTask.spec().maxSteps();
        int goals = usesSubgoals ? episode.goals().size() : 1;
        outcome =
            EpisodeRunner.run(
                0,
                episode,
                policy.policy(),
                actuator,
                true,
                (step, energy, distance, planningMillis) -> {
                  double iterations = Double.NaN;
                  double encodeMillis = Double.NaN;
                  int goal = goals - 1;
                  if (policy.policy() instanceof PlanningPolicy planning) {
                    iterations = planning.lastIterations();
                    encodeMillis = planning.lastEncodingNanos() / 1e6;
                    goal = planning.goalIndex();
                  }
                  diagnostics.add(
                      new double[] {
                        step, energy, distance, planningMillis, encodeMillis, iterations, goal
                      });
                  stdout.printf(
                      Locale.ROOT,
                      "step %3d/%d  %s energy %8.4f  distance %.3f  planning %6.1f ms%n",
                      step,
                      maxSteps,
                      goals > 1 ? String.format(Locale.ROOT, "goal %d/%d ", goal + 1, goals) : "",
                      energy,
                      distance,
                      planningMillis);
                  stdout.flush();
                });
        if (view != null) {
          view.publishFinal(java.time.Duration.ofSeconds(1));
        }
        rearms = actuator.rearms();
        accepted = actuator.agent().telemetry().commandsAccepted();
      }
      EpisodeResult result = outcome.result();
      writeReport(outcome, diagnostics, rearms, accepted, simTask);
      stdout.printf(
          Locale.ROOT,
          "%s: %s after %d steps, final distance %.3f, planning p50 %.1f ms per replan, %.1f ms"
              + " per executed step; report in %s%n",
          simTask.spec().name(),
          result.success() ? "SUCCESS" : "FAILURE (" + result.failureCause() + ")",
          result.steps(),
          result.finalDistance(),
          EvalSummary.percentile(result.replanMillis(), 50),
          java.util.Arrays.stream(result.planningMillis()).average().orElse(Double.NaN),
          out.toAbsolutePath());
      return result.success() ? 0 : 1;
    }
  }

  private void writeReport(
      EpisodeRunner.Outcome outcome,
      List<double[]> diagnostics,
      int rearms,
      long accepted,
      SimTask simTask)
      throws java.io.IOException {
    Plots.writePng(
        Filmstrip.render(outcome.frames(), outcome.goal(), 12, 2), out.resolve("filmstrip.png"));
    Plots.writePng(
        Plots.line("energy per step (best planned)", "step", "energy", outcome.energies(), 1),
        out.resolve("energy.png"));
    Plots.writePng(
        Plots.line("distance to goal per step", "step", "distance", outcome.distances()),
        out.resolve("distance.png"));
    ArrayNode steps = ReportJson.array();
    for (double[] d : diagnostics) {
      ObjectNode row = steps.addObject();
      row.put("step", (int) d[0]);
      ReportJson.put(row, "energy", d[1]);
      ReportJson.put(row, "distance", d[2]);
      ReportJson.put(row, "planningMillis", d[3]);
      ReportJson.put(row, "encodingMillis", d[4]);
      ReportJson.put(row, "iterations", d[5]);
      row.put("goalIndex", (int) d[6]);
    }
    ReportJson.write(out.resolve("diagnostics.json"), steps);
    EpisodeResult result = outcome.result();
    ObjectNode summary = ReportJson.object();
    summary.put("task", simTask.spec().name());
    summary.put("seed", seed);
    summary.put("planner", planner);
    summary.put("success", result.success());
    summary.put("successCriterion", simTask.spec().successCriterion());
    summary.put("steps", result.steps());
    summary.put("maxSteps", simTask.spec().maxSteps());
    summary.put("stepsToSuccess", result.stepsToSuccess());
    ReportJson.put(summary, "finalDistance", result.finalDistance());
    summary.put("failureCause", result.failureCause());
    ReportJson.put(
        summary, "planningMillisP50", EvalSummary.percentile(result.planningMillis(), 50));
    ReportJson.put(
        summary, "planningMillisP95", EvalSummary.percentile(result.planningMillis(), 95));
    ReportJson.put(summary, "replanMillisP50", EvalSummary.percentile(result.replanMillis(), 50));
    summary.put("bridgeCommandsAccepted", accepted);
    summary.put("bridgeRearms", rearms);
    summary.put("filmstrip", "filmstrip.png");
    summary.put("energyPlot", "energy.png");
    summary.put("distancePlot", "distance.png");
    summary.put("diagnostics", "diagnostics.json");
    ReportJson.write(out.resolve("summary.json"), summary);
  }
}
