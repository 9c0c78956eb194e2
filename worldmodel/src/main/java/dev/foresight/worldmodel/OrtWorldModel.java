package dev.foresight.worldmodel;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a bundle on ONNX Runtime through its Java API (the OnnxRuntime jar that DJL's
 * onnxruntime-engine brings), x86-64 or aarch64 CPU, or on its CUDA execution provider with the GPU
 * build of that jar. Inputs and outputs are bound to reused direct buffers per batch size, so a
 * warmed-up {@link #predict} call copies floats but creates no arrays.
 */
public final class OrtWorldModel extends LearnedWorldModel {
  private static final int MAX_BINDINGS = 8;

  private final OrtEnvironment environment;
  private final boolean cuda;
  private final OrtSession encoder;
  private final OrtSession predictor;
  private final Map<Integer, Binding> encoderBindings = new LinkedHashMap<>();
  private final Map<Integer, Binding> predictorBindings = new LinkedHashMap<>();
  private boolean closed;

  /** Input and output tensors over direct buffers for one batch size. */
  private static final class Binding implements AutoCloseable {
    final FloatBuffer[] inputs;
    final OnnxTensor[] inputTensors;
    final FloatBuffer output;
    final OnnxTensor outputTensor;
    final Map<String, OnnxTensor> inputMap = new LinkedHashMap<>();
    final Map<String, OnnxTensor> outputMap;

    Binding(
        OrtEnvironment environment,
        String[] inputNames,
        long[][] inputShapes,
        String outputName,
        long[] outputShape)
        throws OrtException {
      inputs = new FloatBuffer[inputShapes.length];
      inputTensors = new OnnxTensor[inputShapes.length];
      for (int i = 0; i < inputShapes.length; i++) {
        inputs[i] = direct(inputShapes[i]);
        inputTensors[i] = OnnxTensor.createTensor(environment, inputs[i], inputShapes[i]);
        inputMap.put(inputNames[i], inputTensors[i]);
      }
      output = direct(outputShape);
      outputTensor = OnnxTensor.createTensor(environment, output, outputShape);
      outputMap = Map.of(outputName, outputTensor);
    }

    private static FloatBuffer direct(long[] shape) {
      long count = 1;
      for (long dim : shape) {
        count *= dim;
      }
      return ByteBuffer.allocateDirect(Math.toIntExact(count * 4))
          .order(ByteOrder.nativeOrder())
          .asFloatBuffer();
    }

    @Override
    public void close() {
      for (OnnxTensor tensor : inputTensors) {
        tensor.close();
      }
      outputTensor.close();
    }
  }

  /**
   * Opens both sessions.
   *
   * @param intraOpThreads ONNX Runtime threads per session (1 for the one-core targets)
   */
  public OrtWorldModel(ModelBundle bundle, int intraOpThreads) {
    this(bundle, intraOpThreads, false);
  }

  /**
   * Opens both sessions, on ONNX Runtime's CUDA execution provider (GPU 0) when {@code cuda}.
   * Callers check {@link #cudaUnavailable()} first; {@link WorldModels#open} does.
   *
   * @param intraOpThreads ONNX Runtime threads per session (1 for the one-core targets)
   * @throws IllegalArgumentException when the bundle or the provider cannot be loaded
   */
  OrtWorldModel(ModelBundle bundle, int intraOpThreads, boolean cuda) {
    super(bundle);
    environment = sharedEnvironment();
    this.cuda = cuda;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (cuda) {
        options.addCUDA(0);
      }
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      encoder = environment.createSession(bundle.encoderOnnx(), options);
      predictor = environment.createSession(bundle.predictorOnnx(), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          bundle.directory() + ": ONNX Runtime cannot load the bundle: " + e.getMessage(), e);
    }
  }

  /**
   * The process-wide ONNX Runtime environment. DJL's OnnxRuntime engine insists on creating it
   * (with its thread-pool options) and fails if it already exists, so let DJL create it first when
   * DJL's engine is present; then both share it.
   *
   * @throws IllegalStateException in one line when ONNX Runtime's native library for this machine
   *     is missing or does not load
   */
  static OrtEnvironment sharedEnvironment() {
    try {
      ai.djl.engine.Engine.getEngine("OnnxRuntime");
    } catch (Throwable t) { // DJL's engine absent or broken: the plain environment still works
      // Nothing to share with.
    }
    try {
      return OrtEnvironment.getEnvironment();
    } catch (LinkageError e) { // e.g. an aarch64 distribution unpacked on an x86-64 machine
      String message = e.getMessage() == null ? "no message" : e.getMessage();
      throw new IllegalStateException(
          "ONNX Runtime's native library does not load on this machine ("
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch")
              + "): "
              + e.getClass().getSimpleName()
              + ": "
              + message.lines().findFirst().orElse("")
              + "; expected a distribution or build for this platform",
          e);
    }
  }

  /**
   * Why ONNX Runtime's CUDA execution provider cannot run in this process: the CPU build of ONNX
   * Runtime is on the class path, or the GPU build cannot find CUDA, cuDNN or a GPU.
   *
   * @return empty when a session can be given the provider
   */
  static Optional<String> cudaUnavailable() {
    OrtEnvironment environment = sharedEnvironment();
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return Optional.of(
          "ONNX Runtime "
              + environment.getVersion()
              + " on the class path is the CPU build, without the CUDA execution provider (build"
              + " with -Pgpu for com.microsoft.onnxruntime:onnxruntime_gpu)");
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addCUDA(0);
      return Optional.empty();
    } catch (OrtException | RuntimeException | LinkageError e) {
      String message = e.getMessage() == null ? "no message" : e.getMessage();
      return Optional.of(
          e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(""));
    }
  }

  @Override
  public String engineName() {
    return cuda ? "OnnxRuntime-CUDA" : "OnnxRuntime";
  }

  @Override
  public void encodeFrames(int count, float[] frames, float[] latentsOut) {
    int side = bundle().manifest().imageWidth();
    Binding binding = encoderBindings.get(count);
    if (binding == null) {
      binding =
          createBinding(
              encoderBindings,
              count,
              new String[] {OnnxFormat.FRAMES},
              new long[][] {{count, 3, side, side}},
              OnnxFormat.LATENT,
              new long[] {count, imageLatentSize()});
    }
    run(encoder, binding, count, frames, null, latentsOut);
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    Binding binding = predictorBindings.get(count);
    if (binding == null) {
      binding =
          createBinding(
              predictorBindings,
              count,
              new String[] {OnnxFormat.STATE, OnnxFormat.ACTION},
              new long[][] {{count, latentSize()}, {count, actionSize()}},
              OnnxFormat.NEXT_STATE,
              new long[] {count, latentSize()});
    }
    run(predictor, binding, count, latents, actions, nextLatentsOut);
  }

  private void run(
      OrtSession session, Binding binding, int count, float[] first, float[] second, float[] out) {
    if (closed) {
      throw new IllegalStateException("world model is closed");
    }
    FloatBuffer firstBuffer = binding.inputs[0];
    firstBuffer.clear();
    firstBuffer.put(first, 0, firstBuffer.capacity());
    if (second != null) {
      FloatBuffer secondBuffer = binding.inputs[1];
      secondBuffer.clear();
      secondBuffer.put(second, 0, secondBuffer.capacity());
    }
    try (OrtSession.Result ignored = session.run(binding.inputMap, binding.outputMap)) {
      binding.output.clear();
      binding.output.get(out, 0, binding.output.capacity());
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + count + ": " + e, e);
    }
  }

  private Binding createBinding(
      Map<Integer, Binding> bindings,
      int count,
      String[] inputNames,
      long[][] inputShapes,
      String outputName,
      long[] outputShape) {
    Binding binding;
    if (bindings.size() >= MAX_BINDINGS) {
      Integer oldest = bindings.keySet().iterator().next();
      bindings.remove(oldest).close();
    }
    try {
      binding = new Binding(environment, inputNames, inputShapes, outputName, outputShape);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot allocate ONNX Runtime tensors: " + e, e);
    }
    bindings.put(count, binding);
    return binding;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    encoderBindings.values().forEach(Binding::close);
    predictorBindings.values().forEach(Binding::close);
    try {
      encoder.close();
      predictor.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing ONNX Runtime sessions failed: " + e, e);
    }
  }
}
