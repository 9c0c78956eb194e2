package dev.foresight.launch;

import dev.foresight.config.ModelSettings;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foresight bench encoder} and {@code foresight bench predictor}. */
final class BenchModelCommands {
  private BenchModelCommands() {}

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
        description = "onnxruntime | tensorrt | pytorch (default ${DEFAULT-VALUE})")
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

    LearnedWorldModel open() throws Exception {
      DjlDefaults.apply();
      ModelSettings.Engine selected;
      try {
        selected = ModelSettings.Engine.valueOf(engine.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--engine: '"
                + engine
                + "' is not an engine, expected onnxruntime, tensorrt or pytorch");
      }
      return WorldModels.open(DjlDefaults.resolve(model), selected, threads);
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

  /** Encoder latency at batch 1 and throughput at batch 256. */
  @Command(
      name = "encoder",
      mixinStandardHelpOptions = true,
      description = "Encoder speed: ms per frame at batch 1 and at batch 256.")
  static final class Encoder extends Base {
    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (LearnedWorldModel worldModel = open()) {
        int frameFloats = worldModel.preprocessor().floatsPerFrame();
        int side = worldModel.preprocessor().size();
        for (int batch : new int[] {1, 256}) {
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

  /** Predictor latency at batch 1 and latent steps per second at batch 256. */
  @Command(
      name = "predictor",
      mixinStandardHelpOptions = true,
      description = "Predictor speed: ms per call at batch 1, latent steps/s at batch 256.")
  static final class Predictor extends Base {
    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (LearnedWorldModel worldModel = open()) {
        for (int batch : new int[] {1, 256}) {
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
