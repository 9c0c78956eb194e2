package dev.foresight.launch;

import dev.foresight.config.ModelSettings;
import dev.foresight.config.PlannerSettings;
import dev.foresight.config.PlannerSettings.Sampler;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import dev.foresight.core.WorldModel;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.Energy;
import dev.foresight.planner.bench.MatMulPeak;
import dev.foresight.planner.bench.PlannerBenchmark;
import dev.foresight.planner.models.MlpWorldModel;
import dev.foresight.worldmodel.OrtMatMul;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench planner}: times planning ticks over a grid of settings and compares the
 * predictor's achieved GFLOP/s with ONNX Runtime's single-threaded SGEMM on this machine, measured
 * in the same run.
 */
@Command(
    name = "planner",
    mixinStandardHelpOptions = true,
    description = {
      "Time planning ticks (ms per replan and per executed control step, predictor calls,"
          + " latent steps/s, time outside the model, predictor GFLOP/s against ONNX Runtime's"
          + " single-thread SGEMM measured in the same run) over a"
          + " grid of settings. Without --model, the planner runs against a pure-Java MLP with"
          + " the world model's shape (latent 64 + proprio 7, action 7, 2 x 256 GELU, seeded"
          + " random weights). Medians; runs on the calling thread."
    })
final class PlannerBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--samples",
      split = ",",
      defaultValue = "128,256,512",
      description = "Samples per iteration, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> samples;

  @Option(
      names = "--horizon",
      split = ",",
      defaultValue = "5,10",
      description = "Horizons, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> horizons;

  @Option(
      names = "--iterations",
      split = ",",
      defaultValue = "8",
      description = "Iterations per plan, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> iterations;

  @Option(
      names = "--sampler",
      split = ",",
      defaultValue = "cem,mppi",
      converter = SamplerConverter.class,
      description = "Samplers, comma-separated: cem, mppi (default: ${DEFAULT-VALUE}).")
  List<Sampler> samplers;

  @Option(
      names = "--elite-fraction",
      defaultValue = "0.1",
      description = "CEM elites as a fraction of the samples (default: ${DEFAULT-VALUE}).")
  double eliteFraction;

  @Option(
      names = "--seconds",
      defaultValue = "1",
      description = "Measurement window per setting, seconds (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--peak-size",
      defaultValue = "256",
      description = "Matrix size of the peak measurement (default: ${DEFAULT-VALUE}).")
  int peakSize;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of weights, latents and samplers.")
  long seed;

  @Option(
      names = "--execute",
      defaultValue = "1",
      description =
          "Control steps executed per replan, for the time per executed step (default:"
              + " ${DEFAULT-VALUE}).")
  int execute;

  @Option(names = "--model", paramLabel = "DIR", description = "A model bundle to benchmark.")
  Path model;

  @Option(
      names = "--engine",
      defaultValue = "onnxruntime",
      description =
          "With --model: onnxruntime | cuda | tensorrt | pytorch (default ${DEFAULT-VALUE}).")
  String engine;

  private final Function<ModelSettings.Engine, Optional<WorldModelLoader>> loaders;

  PlannerBenchCommand() {
    this.loaders = WorldModelLoaders::bundleLoader;
  }

  PlannerBenchCommand(Optional<WorldModelLoader> loader) {
    this.loaders = engine -> loader;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!(seconds > 0 && seconds <= 600)) {
      throw new IllegalArgumentException(
          "--seconds: " + seconds + " is out of range, expected (0, 600]");
    }
    if (!(eliteFraction > 0 && eliteFraction <= 1)) {
      throw new IllegalArgumentException(
          "--elite-fraction: " + eliteFraction + " is out of range, expected (0, 1]");
    }
    if (execute < 1 || execute > 100) {
      throw new IllegalArgumentException(
          "--execute: " + execute + " is out of range, expected [1, 100] control steps");
    }
    if (peakSize < 8 || peakSize > 2048) {
      throw new IllegalArgumentException(
          "--peak-size: " + peakSize + " is out of range, expected [8, 2048]");
    }
    WorldModelLoader.LoadedModel loaded;
    if (model != null) {
      Optional<WorldModelLoader> loader = loaders.apply(BenchModelCommands.parseEngine(engine));
      if (loader.isEmpty()) {
        spec.commandLine()
            .getErr()
            .printf(
                "foresight bench planner: --model %s: the model bundle loader is not available"
                    + " yet: needs the world-model bundle format (issue 6)%n",
                model);
        return ReservedCommands.NOT_YET_AVAILABLE;
      }
      loaded = loader.get().load(model);
    } else {
      MlpWorldModel mlp = MlpWorldModel.factsShape(seed);
      loaded =
          new WorldModelLoader.LoadedModel(
              mlp,
              mlp.flopsPerSample(),
              mlp.proprioSize(),
              "built-in MLP (latent 64 + proprio 7, action 7, 2 x 256 GELU, random weights seed "
                  + seed
                  + ")");
    }
    List<PlannerSettings> grid = grid();
    try (WorldModel worldModel = loaded.model()) {
      ActionBounds bounds = bounds(worldModel.actionSize());
      Energy energy =
          loaded.proprioSize() > 0
              ? Energy.withProprio(loaded.proprioSize(), 1.0)
              : Energy.defaults();
      out.printf(
          Locale.ROOT,
          "model: %s; latent %d, action %d, %s%n",
          loaded.description(),
          worldModel.latentSize(),
          worldModel.actionSize(),
          loaded.flopsPerSample() > 0
              ? String.format(Locale.ROOT, "%,d FLOP per predicted sample", loaded.flopsPerSample())
              : "cost per sample unknown");
      out.printf(
          Locale.ROOT,
          "machine: %d cpus, java %s; the planner runs on 1 thread%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      out.flush();
      // Each kernel: a warm-up and a measurement of min(0.5 s, --seconds).
      Duration peakWindow = Duration.ofNanos((long) (Math.min(0.5, seconds) * 1e9));
      Ceiling before = Ceiling.measure(peakSize, peakWindow);
      before.print(out, "before");
      out.printf("energy: %s%n", energy);
      out.printf(
          "%-7s %7s %6s %7s %5s %9s %9s %9s %9s %10s %12s %8s %8s %6s%n",
          "sampler",
          "samples",
          "elites",
          "horizon",
          "iters",
          "ms/plan",
          "ms/step",
          "p90 ms",
          "cpu ms",
          "calls/plan",
          "steps/s",
          "outside",
          "GFLOP/s",
          "%ceil");
      out.flush();
      Duration window = Duration.ofNanos((long) (seconds * 1e9));
      List<PlannerBenchmark.Row> rows = new java.util.ArrayList<>();
      for (PlannerSettings settings : grid) {
        PlannerBenchmark.Row row =
            PlannerBenchmark.run(
                worldModel, loaded.flopsPerSample(), settings, bounds, energy, window);
        rows.add(row);
        out.printf(
            Locale.ROOT,
            "%-7s %7d %6d %7d %5d %9.2f %9.2f %9.2f %9.2f %10.0f %12.0f %7.1f%% %8.2f %5.0f%%%n",
            settings.sampler().configName(),
            settings.samples(),
            settings.elites(),
            settings.horizon(),
            settings.iterations(),
            row.medianMillis(),
            row.medianMillis() / execute,
            row.p90Millis(),
            row.medianCpuMillis(),
            row.predictorCallsPerPlan(),
            row.latentStepsPerSecond(),
            100 * row.outsideModelFraction(),
            row.predictorGflops(),
            100 * row.predictorGflops() / before.ceilingGflops());
        out.flush();
      }
      Ceiling after = Ceiling.measure(peakSize, peakWindow);
      after.print(out, "after");
      out.printf(
          Locale.ROOT,
          "medians over a %.1f s window per setting after warm-up. ms/plan: wall time per replan;"
              + " ms/step: per executed control step (%d per replan, --execute); cpu ms: CPU time"
              + " of the planning thread (what a plan costs with a core to itself); outside: share"
              + " of a plan's wall time not in predict calls; GFLOP/s: predictor FLOPs per CPU"
              + " second; %%ceil: against ONNX Runtime's single-thread SGEMM measured before the"
              + " grid (after: %.2f GFLOP/s)%n",
          seconds,
          execute,
          after.ceilingGflops());
    }
    return 0;
  }

  /**
   * The single-thread matrix-multiply rates of this run: ONNX Runtime's optimised SGEMM (the
   * ceiling a predictor is compared with), and the plain-Java kernel and EJML for reference.
   */
  private record Ceiling(MatMulPeak.Result java, double ortGflops) {
    static Ceiling measure(int size, Duration window) {
      MatMulPeak.Result java = MatMulPeak.measure(size, window);
      try (OrtMatMul ort = new OrtMatMul(size)) {
        return new Ceiling(java, MatMulPeak.bestRate(ort::run, ort.flops(), window));
      }
    }

    double ceilingGflops() {
      return ortGflops;
    }

    void print(PrintWriter out, String when) {
      out.printf(
          Locale.ROOT,
          "matmul %s, 1 thread, %dx%d float, best repetition per CPU second: ONNX Runtime"
              + " (MLAS SGEMM, the ceiling) %.2f GFLOP/s; plain Java kernel %.2f, EJML %.2f"
              + " GFLOP/s%n",
          when,
          java.size(),
          java.size(),
          ortGflops,
          java.javaKernelGflops(),
          java.ejmlGflops());
      out.flush();
    }
  }

  private List<PlannerSettings> grid() {
    java.util.ArrayList<PlannerSettings> grid = new java.util.ArrayList<>();
    for (Sampler sampler : samplers) {
      for (int sampleCount : samples) {
        for (int horizon : horizons) {
          for (int iterationCount : iterations) {
            int elites = Math.max(1, (int) Math.floor(sampleCount * eliteFraction));
            grid.add(
                new PlannerSettings(
                    sampler,
                    sampleCount,
                    Math.min(elites, sampleCount),
                    iterationCount,
                    horizon,
                    Duration.ofMinutes(10),
                    seed,
                    PlannerSettings.DEFAULTS.temperature()));
          }
        }
      }
    }
    return grid;
  }

  private static ActionBounds bounds(int actionSize) {
    if (actionSize == Action.SIZE) {
      return ActionBounds.forRobot(RobotProfile.DEFAULTS).build();
    }
    ActionBounds.Builder builder = ActionBounds.builder(actionSize);
    for (int d = 0; d < actionSize; d++) {
      builder.range(d, -1f, 1f);
    }
    return builder.build();
  }

  /** Parses {@code cem} / {@code mppi}. */
  static final class SamplerConverter implements CommandLine.ITypeConverter<Sampler> {
    @Override
    public Sampler convert(String value) {
      for (Sampler sampler : Sampler.values()) {
        if (sampler.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return sampler;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a sampler, expected cem or mppi");
    }
  }
}
