package dev.foresight.worldmodel;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a bundle on ONNX Runtime through its Java API (the OnnxRuntime jar that DJL's
 * onnxruntime-engine brings), x86-64 or aarch64 CPU. Inputs and outputs are bound to reused direct
 * buffers per batch size, so a warmed-up {@link #predict} call copies floats but creates no arrays.
 */
public final class OrtWorldModel extends LearnedWorldModel {
  private static final int MAX_BINDINGS = 8;

  private final OrtEnvironment environment;
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
    super(bundle);
    environment = sharedEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
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
   */
  static OrtEnvironment sharedEnvironment() {
    try {
      ai.djl.engine.Engine.getEngine("OnnxRuntime");
    } catch (Throwable t) { // DJL's engine absent or broken: the plain environment still works
      // Nothing to share with.
    }
    return OrtEnvironment.getEnvironment();
  }

  @Override
  public String engineName() {
    return "OnnxRuntime";
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
