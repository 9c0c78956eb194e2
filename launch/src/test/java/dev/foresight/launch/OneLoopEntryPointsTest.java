package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foresight.config.ConfigLoader;
import dev.foresight.config.ModelSettings;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Seeds;
import dev.foresight.sim.Tasks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry point runs the one control tick: the demo, {@code sim eval} and {@code run --frames
 * sim} on the same task and seed take the same actions and end in the same number of steps, and
 * each entry point opens the model on the configured {@code model.engine}.
 */
class OneLoopEntryPointsTest {
  private static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(Files.readString(file));
  }

  private static double[] energies(Path diagnostics) throws Exception {
    JsonNode rows = json(diagnostics);
    double[] energies = new double[rows.size()];
    for (int i = 0; i < energies.length; i++) {
      energies[i] = rows.get(i).path("energy").asDouble();
    }
    return energies;
  }

  /** The goal's proprio of a simulated episode as {@code --goal-proprio} takes it. */
  private static String goalProprio(String task, long seed) {
    try (var episode =
        new dev.foresight.sim.Episode(Tasks.byName(task), seed, RenderSettings.defaults())) {
      return SimAgentHost.proprioText(episode.goalProprio());
    }
  }

  /** {@code sim eval} of one learned reach episode on base seed 0. */
  private int simEval(Path config, Path out, String... more) {
    return run(
        concat(
            new String[] {
              "sim",
              "eval",
              "--task",
              "reach",
              "--planner",
              "learned",
              "--episodes",
              "1",
              "--config",
              config.toString(),
              "--out",
              out.toString()
            },
            more));
  }

  /** {@code demo} of the learned {@code task} episode {@code seed}. */
  private int demo(Path config, String task, long seed, Path out) {
    return run(
        "demo",
        "--task",
        task,
        "--planner",
        "learned",
        "--seed",
        Long.toString(seed),
        "--config",
        config.toString(),
        "--model",
        BUNDLE.toString(),
        "--out",
        out.toString());
  }

  /** {@code run --frames sim} on the {@code task} episode {@code seed}, re-arming after stops. */
  private int runSimFrames(Path config, Path dir, String task, long seed, int steps, String... more)
      throws Exception {
    return run(
        concat(
            new String[] {
              "run",
              "--config",
              config.toString(),
              "--goal",
              RunCommandTest.goalImage(dir, task, seed).toString(),
              "--frames",
              "sim",
              "--task",
              task,
              "--seed",
              Long.toString(seed),
              "--bridge-port",
              "0",
              "--steps",
              Integer.toString(steps),
              "--rearm"
            },
            more));
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  void demoSimEvalAndRunWithSimFramesTakeTheSameActionsOnTheSameSeed(@TempDir Path dir)
      throws Exception {
    long seed = Seeds.episodeSeed(0, 0);
    Path config = RunCommandTest.config(dir, "");

    assertThat(simEval(config, dir.resolve("eval"), "--seed", "0", "--model", BUNDLE.toString()))
        .as(err.toString())
        .isZero();
    JsonNode eval = json(dir.resolve("eval/results.json")).path("episodes").get(0);

    assertThat(demo(config, "reach", seed, dir.resolve("demo"))).as(err.toString()).isZero();
    JsonNode demo = json(dir.resolve("demo/summary.json"));

    runSimFrames(
        config,
        dir,
        "reach",
        seed,
        50,
        "--goal-proprio",
        goalProprio("reach", seed),
        "--out",
        dir.resolve("run").toString());
    JsonNode run = json(dir.resolve("run/summary.json"));

    assertThat(eval.path("seed").asLong()).isEqualTo(seed);
    assertThat(demo.path("steps").asInt())
        .as("demo vs eval steps")
        .isEqualTo(eval.path("steps").asInt());
    assertThat(demo.path("finalDistance").asDouble())
        .as("demo vs eval final distance")
        .isEqualTo(eval.path("finalDistance").asDouble());
    assertThat(demo.path("success").asBoolean()).isTrue();
    assertThat(run.path("episodeSteps").asInt())
        .as("run --frames sim vs demo steps: %s", out)
        .isEqualTo(demo.path("steps").asInt());
    // The same energy at every step of the episode: the same latents and the same search, so the
    // same actions. The arm state reaches the run through the agent's state messages, which may
    // change a latent in its last float bits; the run may also plan once more before it hears
    // that the episode ended.
    double[] demoEnergies = energies(dir.resolve("demo/diagnostics.json"));
    double[] runEnergies = energies(dir.resolve("run/diagnostics.json"));
    assertThat(runEnergies.length).isGreaterThanOrEqualTo(demoEnergies.length);
    assertThat(java.util.Arrays.copyOf(runEnergies, demoEnergies.length))
        .as("run --frames sim vs demo energies")
        .containsExactly(demoEnergies, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void runWithSimFramesPlansPushTWithTheTasksSearchAsTheDemoDoes(@TempDir Path dir)
      throws Exception {
    long seed = Seeds.episodeSeed(0, 0);
    Path config = RunCommandTest.config(dir, "");
    demo(config, "push-t", seed, dir.resolve("demo"));
    runSimFrames(
        config,
        dir,
        "push-t",
        seed,
        12,
        "--goal-proprio",
        goalProprio("push-t", seed),
        "--out",
        dir.resolve("run").toString());
    assertThat(out.toString())
        .as(err.toString())
        .contains("push-t's search samples=64 elites=8 iterations=5 horizon=25 repeat=5");
    // Macro-actions of 5 held steps, 5 executed per search, iCEM: the demo's energies, step for
    // step, over the run's 12 control steps (three searches).
    double[] demoEnergies = energies(dir.resolve("demo/diagnostics.json"));
    double[] runEnergies = energies(dir.resolve("run/diagnostics.json"));
    assertThat(runEnergies.length).as("run steps: %s", out).isGreaterThanOrEqualTo(12);
    assertThat(java.util.Arrays.copyOf(runEnergies, 12))
        .as("run --frames sim vs demo energies on push-t")
        .containsExactly(
            java.util.Arrays.copyOf(demoEnergies, 12), org.assertj.core.data.Offset.offset(1e-4));
  }

  /** A config naming the PyTorch engine: every entry point must open the model on it. */
  private static Path pytorchConfig(Path dir) throws Exception {
    Path file = dir.resolve("pytorch.yaml");
    Files.writeString(
        file,
        "planner:\n  timeBudgetMillis: 5000\nmodel:\n  bundle: "
            + BUNDLE
            + "\n  engine: pytorch\nbridge:\n  host: 127.0.0.1\n");
    return file;
  }

  @Test
  void demoSimEvalAndRunOpenTheModelOnTheConfiguredEngine(@TempDir Path dir) throws Exception {
    Path config = pytorchConfig(dir);
    long seed = Seeds.episodeSeed(0, 0);
    demo(config, "reach", seed, dir.resolve("demo"));
    assertThat(out.toString()).as(err.toString()).contains("learned planner on PyTorch");
    out.getBuffer().setLength(0);
    simEval(config, dir.resolve("eval"));
    assertThat(out.toString()).as(err.toString()).contains("learned model on PyTorch");
    out.getBuffer().setLength(0);
    runSimFrames(config, dir, "reach", seed, 2);
    assertThat(out.toString()).as(err.toString()).contains("on PyTorch;");
  }

  @Test
  void theRosNodesOpenTheModelOnTheConfiguredEngine(@TempDir Path dir) throws Exception {
    var cfg = ConfigLoader.load(pytorchConfig(dir));
    ModelSettings model = new ModelSettings(BUNDLE, cfg.model().engine());
    try (RosTools ros = RosTools.startCore(dir, Map.of());
        RosNode perceptionRos =
            RosNode.start(RosNodeSettings.of(ros.masterUri(), "perception", "127.0.0.1"));
        RosNode plannerRos =
            RosNode.start(RosNodeSettings.of(ros.masterUri(), "planner", "127.0.0.1"));
        PerceptionNode perception =
            PerceptionNode.start(perceptionRos, cfg.ros(), model, 1, new PrintWriter(out, true));
        PlannerNode planner =
            PlannerNode.start(
                plannerRos, cfg, model, null, "base_link", new PrintWriter(out, true))) {
      assertThat(out.toString())
          .contains("foresight node perception: /perception encodes")
          .contains("on PyTorch, ")
          .contains("foresight node planner: /planner plans")
          .contains(BUNDLE + " on PyTorch");
    }
  }
}
