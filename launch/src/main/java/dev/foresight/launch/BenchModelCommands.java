package dev.foresight.launch;

import dev.foresight.config.ModelSettings;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foresight bench encoder} and {@code foresight bench predictor}. */
final class BenchModelCommands {
  /** The largest batch a benchmark call takes: GPU-sized planner sample counts. */
  static final int MAX_BATCH = 8192;

  private BenchModelCommands() {}

  /** Parses an {@code --engine} value: a {@code model.engine} name such as {@code cuda}. */
  static ModelSettings.Engine parseEngine(String text) {
    for (ModelSettings.Engine candidate : ModelSettings.Engine.values()) {
      if (candidate.configName().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "--engine: '"
            + text
            + "' is not an engine, expected one of "
            + Arrays.stream(ModelSettings.Engine.values())
                .map(ModelSettings.Engine::configName)
                .collect(Collectors.joining(", ")));
  }

  /** Options shared by both benchmarks. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--model",
        defaultValue = "models/foresight-sim",
        description = "bundle directory (default ${DEFAULT-VALUE})")
    Path model;

    @Option(
        names = "--engine",
        defaultValue = "onnxruntime",
        description = "onnxruntime | cuda | tensorrt | pytorch (default ${DEFAULT-VALUE})")
    String engine;

    @Option(
        names = "--threads",
        defaultValue = "1",
        description = "ONNX Runtime threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(
        names = "--seconds",
        defaultValue = "3",
        description = "measuring time per batch size (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(
        names = "--batch",
        split = ",",
        paramLabel = "N",
        description =
            "batch sizes to measure, comma-separated, 1 to "
                + MAX_BATCH
                + " (default 1,256; a GPU engine wants thousands)")
    List<Integer> batches = List.of(1, 256);

    LearnedWorldModel open() throws Exception {
      for (int batch : batches) {
        if (batch < 1 || batch > MAX_BATCH) {
          throw new IllegalArgumentException(
              "--batch: " + batch + " is out of range, expected 1 to " + MAX_BATCH);
        }
      }
      DjlDefaults.apply();
      return WorldModels.open(DjlDefaults.resolve(model), parseEngine(engine), threads);
    }

    /** Calls {@code body} repeatedly for about {@link #seconds}; returns seconds per call. */
    double time(Runnable body) {
      long warmUntil = System.nanoTime() + 300_000_000L;
      while (System.nanoTime() < warmUntil) {
        body.run();
      }
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      long calls = 0;
      long now;
      do {
        body.run();
        calls++;
        now = System.nanoTime();
      } while (now < deadline);
      return (now - start) / 1e9 / calls;
    }
  }

  /** Encoder latency and throughput per batch size. */
  @Command(
      name = "encoder",
      mixinStandardHelpOptions = true,
      description = "Encoder speed: ms per frame at each --batch size (default 1 and 256).")
  static final class Encoder extends Base {
    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (LearnedWorldModel worldModel = open()) {
        int frameFloats = worldModel.preprocessor().floatsPerFrame();
        int side = worldModel.preprocessor().size();
        for (int batch : batches) {
          float[] frames = random(batch * frameFloats);
          float[] latents = new float[batch * worldModel.imageLatentSize()];
          double perCall = time(() -> worldModel.encodeFrames(batch, frames, latents));
          out.printf(
              "encoder %s (%d thread(s)) %dx%d batch %3d: %.3f ms/frame, %.0f frames/s%n",
              worldModel.engineName(),
              threads,
              side,
              side,
              batch,
              perCall * 1e3 / batch,
              batch / perCall);
        }
      }
      return 0;
    }
  }

  /** Predictor latency and latent steps per second per batch size. */
  @Command(
      name = "predictor",
      mixinStandardHelpOptions = true,
      description =
          "Predictor speed: ms per call and latent steps/s at each --batch size (default 1 and"
              + " 256; up to 8192 samples in one call).")
  static final class Predictor extends Base {
    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (LearnedWorldModel worldModel = open()) {
        for (int batch : batches) {
          float[] states = random(batch * worldModel.latentSize());
          float[] actions = random(batch * worldModel.actionSize());
          float[] next = new float[states.length];
          double perCall = time(() -> worldModel.predict(batch, states, actions, next));
          out.printf(
              "predictor %s (%d thread(s)) batch %3d: %.3f ms/call, %.0f latent steps/s,"
                  + " %.0f 5-step rollouts/s%n",
              worldModel.engineName(),
              threads,
              batch,
              perCall * 1e3,
              batch / perCall,
              batch / perCall / 5);
        }
      }
      return 0;
    }
  }

  private static float[] random(int count) {
    SplittableRandom random = new SplittableRandom(1);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1) * 0.01f;
    }
    return values;
  }
}
