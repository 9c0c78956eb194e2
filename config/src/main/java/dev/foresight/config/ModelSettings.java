package dev.foresight.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which world model to load and on which inference engine.
 *
 * @param bundle model bundle directory; relative paths resolve against the working directory
 * @param engine preferred inference engine; an engine that cannot load falls back to ONNX Runtime
 *     on the CPU
 */
public record ModelSettings(Path bundle, Engine engine) {

  /** Inference engines Foresight can run a bundle on. */
  public enum Engine {
    /** ONNX Runtime on the CPU: runs everywhere, x86-64 and aarch64. */
    ONNXRUNTIME,
    /**
     * ONNX Runtime's CUDA execution provider: NVIDIA GPUs, with the GPU build of ONNX Runtime on
     * the class path (Maven profile {@code gpu}).
     */
    CUDA,
    /** NVIDIA TensorRT: Jetson and other NVIDIA GPUs. */
    TENSORRT,
    /** PyTorch (LibTorch) on the CPU: used for training and parity checks. */
    PYTORCH;

    /** The name used in YAML and on the command line. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The model bundle that ships in the repository, run on OnnxRuntime. */
  public static final ModelSettings DEFAULTS =
      new ModelSettings(Path.of("models/foresight-sim"), Engine.ONNXRUNTIME);

  /** Checks both fields are present. */
  public ModelSettings {
    if (bundle == null || bundle.toString().isBlank()) {
      throw new IllegalArgumentException("model.bundle must name a directory");
    }
    if (engine == null) {
      throw new IllegalArgumentException("model.engine must be given");
    }
  }
}
