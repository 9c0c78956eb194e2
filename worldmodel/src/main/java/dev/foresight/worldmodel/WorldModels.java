package dev.foresight.worldmodel;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.foresight.config.ModelSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a model bundle on the configured engine. An engine that is not on the class path or cannot
 * load on this machine (CUDA with the CPU build of ONNX Runtime, or without a GPU; TensorRT without
 * its native libraries; PyTorch where no {@link WorldModelEngine} provider, i.e. the
 * worldmodel-training module, is on the class path) is reported in one log line naming the reason
 * and the fallback, and the bundle runs on ONNX Runtime instead.
 */
public final class WorldModels {
  private static final Logger LOG = LoggerFactory.getLogger(WorldModels.class);

  /** Why {@code model.engine: pytorch} falls back when no provider is on the class path. */
  static final String PYTORCH_ABSENT =
      "PyTorch engine is not on this process's class path: it comes with the"
          + " foresight-worldmodel-training module";

  private WorldModels() {}

  /**
   * Opens the bundle and engine named by the {@code model} config section, one ONNX Runtime thread.
   */
  public static LearnedWorldModel open(ModelSettings settings) throws IOException {
    return open(settings.bundle(), settings.engine(), 1);
  }

  /**
   * Opens {@code bundleDirectory} on {@code engine}.
   *
   * @param threads CPU threads for ONNX Runtime
   * @throws IOException when the bundle is missing or corrupt (message names the file)
   */
  public static LearnedWorldModel open(
      Path bundleDirectory, ModelSettings.Engine engine, int threads) throws IOException {
    return open(bundleDirectory, engine, threads, WorldModels.class.getClassLoader());
  }

  /**
   * {@link #open(Path, ModelSettings.Engine, int)} with the {@link WorldModelEngine} providers that
   * {@code providers} lists.
   */
  static LearnedWorldModel open(
      Path bundleDirectory, ModelSettings.Engine engine, int threads, ClassLoader providers)
      throws IOException {
    ModelBundle bundle = ModelBundle.read(bundleDirectory);
    switch (engine) {
      case PYTORCH -> {
        WorldModelEngine provider = null;
        String problem;
        try {
          provider = provider(engine, providers);
          problem = provider == null ? PYTORCH_ABSENT : provider.unavailable().orElse(null);
        } catch (ServiceConfigurationError | LinkageError e) {
          problem = "its provider cannot be loaded: " + rootCause(e);
        }
        if (problem == null) {
          return provider.open(bundle, threads);
        }
        LOG.warn("model.engine pytorch cannot load ({}); falling back to onnxruntime", problem);
      }
      case TENSORRT -> {
        Optional<String> problem = probe("TensorRT");
        if (problem.isEmpty()) {
          try {
            return new DjlOnnxWorldModel(bundle, "TensorRT", Device.gpu());
          } catch (IOException | RuntimeException e) {
            problem = Optional.of(e.toString());
          }
        }
        LOG.warn(
            "model.engine tensorrt cannot load ({}); falling back to onnxruntime", problem.get());
      }
      case CUDA -> {
        Optional<String> problem = OrtWorldModel.cudaUnavailable();
        if (problem.isEmpty()) {
          try {
            return new OrtWorldModel(bundle, threads, true);
          } catch (RuntimeException e) {
            problem = Optional.of(rootCause(e));
          }
        }
        LOG.warn("model.engine cuda cannot load ({}); falling back to onnxruntime", problem.get());
      }
      case ONNXRUNTIME -> {}
    }
    return new OrtWorldModel(bundle, threads);
  }

  /** The first provider of {@code engine} that {@code loader} lists, or null. */
  private static WorldModelEngine provider(ModelSettings.Engine engine, ClassLoader loader) {
    for (WorldModelEngine candidate : ServiceLoader.load(WorldModelEngine.class, loader)) {
      if (candidate.engine() == engine) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Checks that a DJL engine is registered and its native library loads.
   *
   * @return empty when usable, else why not
   */
  public static Optional<String> probe(String engineName) {
    if (!Engine.hasEngine(engineName)) {
      return Optional.of(
          engineName
              + " engine is not on the class path"
              + ("TensorRT".equals(engineName) ? " (build with -Pjetson)" : ""));
    }
    try {
      Engine.getEngine(engineName);
      return Optional.empty();
    } catch (Throwable t) { // UnsatisfiedLinkError and friends: the engine is present but broken
      return Optional.of(rootCause(t));
    }
  }

  /** The innermost cause as {@code SimpleName: first line of its message}. */
  private static String rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
  }

  private static String firstLine(String message) {
    return message == null ? "no message" : message.lines().findFirst().orElse("");
  }
}
