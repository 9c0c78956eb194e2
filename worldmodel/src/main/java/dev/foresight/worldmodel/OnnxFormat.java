package dev.foresight.worldmodel;

import dev.foresight.worldmodel.onnx.OnnxProto.ModelProto;
import dev.foresight.worldmodel.onnx.OnnxProto.TensorProto;
import dev.foresight.worldmodel.onnx.OnnxProto.TensorShapeProto;
import dev.foresight.worldmodel.onnx.OnnxProto.TypeProto;
import dev.foresight.worldmodel.onnx.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ONNX side of the bundle format, as inference reads it: the input and output names of the
 * encoder and predictor graphs, and the float initializers, which keep the training names ({@code
 * enc.conv1.weight}, ...) so the exact weights come back out of a bundle. The graphs are written by
 * the training module's exporter.
 */
public final class OnnxFormat {
  /** Input name of the encoder. */
  public static final String FRAMES = "frames";

  /** Output name of the encoder. */
  public static final String LATENT = "latent";

  /** State input of the predictor. */
  public static final String STATE = "state";

  /** Action input of the predictor. */
  public static final String ACTION = "action";

  /** Output of the predictor. */
  public static final String NEXT_STATE = "next_state";

  private OnnxFormat() {}

  /** Reads the float initializers of an ONNX model written by Foresight's exporter. */
  public static Weights readInitializers(byte[] onnx) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(onnx);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
    Weights weights = new Weights();
    for (TensorProto tensor : model.getGraph().getInitializerList()) {
      if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
        continue;
      }
      long[] shape = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
      float[] values;
      if (tensor.hasRawData()) {
        ByteBuffer buffer =
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        values = new float[buffer.remaining() / 4];
        buffer.asFloatBuffer().get(values);
      } else {
        values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = tensor.getFloatData(i);
        }
      }
      weights.put(tensor.getName(), shape, values);
    }
    return weights;
  }

  /**
   * A float tensor's name, type and shape, as a graph declares its inputs and outputs.
   *
   * @param dims the shape; a negative dimension is the symbolic batch size {@code N}
   */
  public static ValueInfoProto floatValueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(
          dim < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }
}
