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

    Binding(OrtEnvironment environment, long[][] inputShapes, long[] outputShape)
        throws OrtException {
      inputs = new FloatBuffer[inputShapes.length];
      inputTensors = new OnnxTensor[inputShapes.length];
      for (int i = 0; i < inputShapes.length; i++) {
        inputs[i] = direct(inputShapes[i]);
        inputTensors[i] = OnnxTensor.createTensor(environment, inputs[i], inputShapes[i]);
      }
      output = direct(outputShape);
      outputTensor = OnnxTensor.createTensor(environment, output, outputShape);
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
    environment = OrtEnvironment.getEnvironment();
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

  @Override
  public String engineName() {
    return "OnnxRuntime";
  }

  @Override
  public void encodeFrames(int count, float[] frames, float[] latentsOut) {
    int side = bundle().manifest().imageWidth();
    Binding binding =
        binding(
            encoderBindings,
            count,
            new long[][] {{count, 3, side, side}},
            new long[] {count, imageLatentSize()});
    run(encoder, OnnxExporter.FRAMES, null, binding, count, frames, null, latentsOut);
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    Binding binding =
        binding(
            predictorBindings,
            count,
            new long[][] {{count, latentSize()}, {count, actionSize()}},
            new long[] {count, latentSize()});
    run(
        predictor,
        OnnxExporter.STATE,
        OnnxExporter.ACTION,
        binding,
        count,
        latents,
        actions,
        nextLatentsOut);
  }

  private void run(
      OrtSession session,
      String firstInput,
      String secondInput,
      Binding binding,
      int count,
      float[] first,
      float[] second,
      float[] out) {
    if (closed) {
      throw new IllegalStateException("world model is closed");
    }
    FloatBuffer firstBuffer = binding.inputs[0];
    firstBuffer.clear();
    firstBuffer.put(first, 0, firstBuffer.capacity());
    Map<String, OnnxTensor> inputs;
    if (secondInput == null) {
      inputs = Map.of(firstInput, binding.inputTensors[0]);
    } else {
      FloatBuffer secondBuffer = binding.inputs[1];
      secondBuffer.clear();
      secondBuffer.put(second, 0, secondBuffer.capacity());
      inputs = Map.of(firstInput, binding.inputTensors[0], secondInput, binding.inputTensors[1]);
    }
    String outputName = secondInput == null ? OnnxExporter.LATENT : OnnxExporter.NEXT_STATE;
    try (OrtSession.Result ignored =
        session.run(inputs, Map.of(outputName, binding.outputTensor))) {
      binding.output.clear();
      binding.output.get(out, 0, binding.output.capacity());
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + count + ": " + e, e);
    }
  }

  private Binding binding(
      Map<Integer, Binding> bindings, int count, long[][] inputShapes, long[] outputShape) {
    Binding binding = bindings.get(count);
    if (binding != null) {
      return binding;
    }
    if (bindings.size() >= MAX_BINDINGS) {
      Integer oldest = bindings.keySet().iterator().next();
      bindings.remove(oldest).close();
    }
    try {
      binding = new Binding(environment, inputShapes, outputShape);
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
