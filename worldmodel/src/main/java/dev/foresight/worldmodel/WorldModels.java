package dev.foresight.worldmodel;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.foresight.config.ModelSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a model bundle on the configured engine. An engine that is not on the class path or cannot
 * load on this machine (TensorRT without its native libraries) is reported in one log line naming
 * the reason and the fallback, and the bundle runs on ONNX Runtime instead.
 */
public final class WorldModels {
  private static final Logger LOG = LoggerFactory.getLogger(WorldModels.class);

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
    ModelBundle bundle = ModelBundle.read(bundleDirectory);
    switch (engine) {
      case PYTORCH -> {
        Optional<String> problem = probe("PyTorch");
        if (problem.isEmpty()) {
          return new TorchWorldModel(bundle);
        }
        LOG.warn(
            "model.engine pytorch cannot load ({}); falling back to onnxruntime", problem.get());
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
      case ONNXRUNTIME -> {}
    }
    return new OrtWorldModel(bundle, threads);
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
      Throwable cause = t;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return Optional.of(cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message == null ? "no message" : message.lines().findFirst().orElse("");
  }
}
