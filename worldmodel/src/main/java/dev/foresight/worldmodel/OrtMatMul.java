package dev.foresight.worldmodel;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.foresight.worldmodel.onnx.OnnxProto.GraphProto;
import dev.foresight.worldmodel.onnx.OnnxProto.ModelProto;
import dev.foresight.worldmodel.onnx.OnnxProto.NodeProto;
import dev.foresight.worldmodel.onnx.OnnxProto.OperatorSetIdProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One square float matrix product {@code C = A·B} on ONNX Runtime's CPU provider with one intra-op
 * thread — its optimised single-thread SGEMM (MLAS), the ceiling a predictor on one core can
 * approach, as opposed to a plain-Java loop. Inputs are seeded Gaussian and bound, with the output,
 * to reused direct buffers, so {@link #run} measures the product and the call overhead.
 */
public final class OrtMatMul implements AutoCloseable {
  private final int size;
  private final OrtSession session;
  private final OnnxTensor a;
  private final OnnxTensor b;
  private final OnnxTensor c;
  private final FloatBuffer output;

  /**
   * Builds the graph and its session.
   *
   * @param size matrix dimension, in [1, 4096]
   */
  public OrtMatMul(int size) {
    if (size < 1 || size > 4096) {
      throw new IllegalArgumentException(
          "matrix size " + size + " is out of range, expected [1, 4096]");
    }
    this.size = size;
    OrtEnvironment environment = OrtWorldModel.sharedEnvironment();
    long[] shape = {size, size};
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(graph(size), options);
      SplittableRandom random = new SplittableRandom(1);
      a = OnnxTensor.createTensor(environment, gaussian(random, size), shape);
      b = OnnxTensor.createTensor(environment, gaussian(random, size), shape);
      output = direct(size);
      c = OnnxTensor.createTensor(environment, output, shape);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot build a MatMul: " + e.getMessage(), e);
    }
  }

  /** FLOPs of one {@link #run}: {@code 2·size³}. */
  public double flops() {
    return 2.0 * size * size * size;
  }

  /** Multiplies once. */
  public void run() {
    try (OrtSession.Result ignored = session.run(Map.of("A", a, "B", b), Map.of("C", c))) {
      // The product is in the bound output buffer.
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime MatMul failed: " + e.getMessage(), e);
    }
  }

  /** {@code C[row][column]} of the last {@link #run}. */
  public float result(int row, int column) {
    return output.get(row * size + column);
  }

  /** {@code A[row][column]} or, with {@code second}, {@code B[row][column]}. */
  public float input(boolean second, int row, int column) {
    return (second ? b : a).getFloatBuffer().get(row * size + column);
  }

  @Override
  public void close() {
    a.close();
    b.close();
    c.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not close a session: " + e, e);
    }
  }

  private static FloatBuffer direct(int size) {
    return ByteBuffer.allocateDirect(size * size * 4)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  private static FloatBuffer gaussian(SplittableRandom random, int size) {
    FloatBuffer buffer = direct(size);
    for (int i = 0; i < size * size; i++) {
      buffer.put(i, (float) random.nextGaussian());
    }
    return buffer;
  }

  private static byte[] graph(int size) {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("matmul")
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("MatMul")
                    .addInput("A")
                    .addInput("B")
                    .addOutput("C"))
            .addInput(OnnxFormat.floatValueInfo("A", size, size))
            .addInput(OnnxFormat.floatValueInfo("B", size, size))
            .addOutput(OnnxFormat.floatValueInfo("C", size, size))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("foresight")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(graph)
        .build()
        .toByteArray();
  }
}
