package dev.foresight.worldmodel.training;

import com.google.protobuf.ByteString;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.ModelManifest;
import dev.foresight.worldmodel.Normalisation;
import dev.foresight.worldmodel.OnnxFormat;
import dev.foresight.worldmodel.Weights;
import dev.foresight.worldmodel.onnx.OnnxProto.AttributeProto;
import dev.foresight.worldmodel.onnx.OnnxProto.GraphProto;
import dev.foresight.worldmodel.onnx.OnnxProto.ModelProto;
import dev.foresight.worldmodel.onnx.OnnxProto.NodeProto;
import dev.foresight.worldmodel.onnx.OnnxProto.OperatorSetIdProto;
import dev.foresight.worldmodel.onnx.OnnxProto.TensorProto;
import dev.foresight.worldmodel.training.internal.TorchNetwork;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the encoder and predictor as ONNX models (IR version 8, opset 17) from trained {@link
 * Weights}. Initializers keep the training names, so {@link OnnxFormat#readInitializers} recovers
 * the exact weights from a bundle (the PyTorch engine runs them for parity checks).
 *
 * <p>Encoder: {@code frames [N,3,S,S] → (Conv k4 s2 p1 → Relu)×L → Flatten → Gemm → latent [N,D]};
 * with keypoints, {@code … → Conv k1 → Reshape [N,K,H·W] → Softmax → MatMul(grid [H·W,2]) → Reshape
 * [N,2K] → Gemm → latent}. Predictor: {@code state [N,D+P], action [N,A] → Concat(state, action ⊙
 * 1/scale) → Gemm → Gelu → Gemm → Gelu → Gemm → Add(state) → next_state [N,D+P]}, where {@code
 * Gelu(x) = 0.5 x (1 + erf(x / √2))} is written with Erf.
 */
public final class OnnxExporter {
  private static final long IR_VERSION = 8;
  private static final long OPSET = 17;

  private OnnxExporter() {}

  /**
   * Exports {@code weights} as the encoder and predictor graphs and writes them as a bundle with
   * {@link ModelBundle#write}.
   *
   * @param manifestWithoutFiles manifest whose {@code files} entry is replaced
   */
  public static ModelBundle writeBundle(
      Path directory, ModelManifest manifestWithoutFiles, Weights weights) throws IOException {
    Architecture architecture = manifestWithoutFiles.architecture();
    return ModelBundle.write(
        directory,
        manifestWithoutFiles,
        encoder(architecture, weights),
        predictor(architecture, weights, manifestWithoutFiles.normalisation()));
  }

  /** The encoder graph as ONNX bytes. */
  public static byte[] encoder(Architecture architecture, Weights weights) {
    Graph graph = new Graph("foresight_encoder");
    int side = architecture.imageSize();
    graph.input(OnnxFormat.FRAMES, -1, 3, side, side);
    String x = OnnxFormat.FRAMES;
    int[] channels = architecture.convChannels();
    for (int layer = 1; layer <= channels.length; layer++) {
      x = graph.node("Relu", List.of(conv(graph, weights, x, "enc.conv" + layer, 4, 2, 1)));
    }
    String flat;
    if (architecture.keypoints() > 0) {
      int keypoints = architecture.keypoints();
      int map = architecture.featureSide();
      String scores = conv(graph, weights, x, "enc.kp", 1, 1, 0);
      graph.shape("enc.kp.maps_shape", 0, keypoints, (long) map * map);
      String maps = graph.node("Reshape", List.of(scores, "enc.kp.maps_shape"));
      if (architecture.keypointMoments() == 3) {
        maps = standardised(graph, maps);
      }
      String probabilities = graph.node("Softmax", List.of(maps), integer("axis", 2));
      graph.initializer(
          "enc.kp.grid",
          new Weights.Tensor(
              new long[] {(long) map * map, 2}, TorchNetwork.coordinateGrid(map, map)));
      String coordinates = graph.node("MatMul", List.of(probabilities, "enc.kp.grid"));
      if (architecture.keypointMoments() == 3) {
        flat = moments(graph, probabilities, coordinates, keypoints, map);
      } else {
        graph.shape("enc.kp.flat_shape", 0, 2L * keypoints);
        flat = graph.node("Reshape", List.of(coordinates, "enc.kp.flat_shape"));
      }
    } else {
      flat = graph.node("Flatten", List.of(x), integer("axis", 1));
    }
    String latent = gemm(graph, weights, flat, "enc.fc", OnnxFormat.LATENT);
    graph.output(latent, -1, architecture.latentSize());
    return graph.model("Foresight encoder: camera frame to latent");
  }

  /** Each map standardised over its pixels and scaled, as {@code TorchNetwork.spatialMoments}. */
  private static String standardised(Graph graph, String maps) {
    graph.initializer("enc.kp.epsilon", scalar(1e-6f));
    graph.initializer("enc.kp.sharpness", scalar(Architecture.MOMENT_SHARPNESS));
    String mean = graph.node("ReduceMean", List.of(maps), ints("axes", 2), integer("keepdims", 1));
    String centred = graph.node("Sub", List.of(maps, mean));
    String variance =
        graph.node(
            "ReduceMean",
            List.of(graph.node("Mul", List.of(centred, centred))),
            ints("axes", 2),
            integer("keepdims", 1));
    String spread =
        graph.node("Sqrt", List.of(graph.node("Add", List.of(variance, "enc.kp.epsilon"))));
    return graph.node(
        "Mul", List.of(graph.node("Div", List.of(centred, spread)), "enc.kp.sharpness"));
  }

  /**
   * The keypoints' means and scaled central moments of order 2 and 3, as {@code
   * TorchNetwork.spatialMoments}: {@code [N, 9K]}.
   *
   * @param probabilities {@code [N, K, H·W]} probability maps
   * @param coordinates {@code [N, K, 2]} their means
   */
  private static String moments(
      Graph graph, String probabilities, String coordinates, int keypoints, int map) {
    int pixels = map * map;
    float[] grid = TorchNetwork.coordinateGrid(map, map);
    float[] xs = new float[pixels];
    float[] ys = new float[pixels];
    for (int i = 0; i < pixels; i++) {
      xs[i] = grid[2 * i];
      ys[i] = grid[2 * i + 1];
    }
    graph.initializer("enc.kp.grid_x", new Weights.Tensor(new long[] {pixels}, xs));
    graph.initializer("enc.kp.grid_y", new Weights.Tensor(new long[] {pixels}, ys));
    graph.shape("enc.kp.mean_x_start", 0);
    graph.shape("enc.kp.mean_y_start", 1);
    graph.shape("enc.kp.mean_end_x", 1);
    graph.shape("enc.kp.mean_end_y", 2);
    graph.shape("enc.kp.mean_axis", 2);
    graph.shape("enc.kp.sum_axis", 2);
    String meanX =
        graph.node(
            "Slice",
            List.of(coordinates, "enc.kp.mean_x_start", "enc.kp.mean_end_x", "enc.kp.mean_axis"));
    String meanY =
        graph.node(
            "Slice",
            List.of(coordinates, "enc.kp.mean_y_start", "enc.kp.mean_end_y", "enc.kp.mean_axis"));
    String dx = graph.node("Sub", List.of("enc.kp.grid_x", meanX));
    String dy = graph.node("Sub", List.of("enc.kp.grid_y", meanY));
    String dx2 = graph.node("Mul", List.of(dx, dx));
    String dy2 = graph.node("Mul", List.of(dy, dy));
    List<String> terms =
        List.of(
            dx2,
            graph.node("Mul", List.of(dx, dy)),
            dy2,
            graph.node("Mul", List.of(dx2, dx)),
            graph.node("Mul", List.of(dx2, dy)),
            graph.node("Mul", List.of(dx, dy2)),
            graph.node("Mul", List.of(dy2, dy)));
    List<String> features = new java.util.ArrayList<>(List.of(coordinates));
    for (String term : terms) {
      String weighted = graph.node("Mul", List.of(probabilities, term));
      features.add(
          graph.node("ReduceSum", List.of(weighted, "enc.kp.sum_axis"), integer("keepdims", 1)));
    }
    String all = graph.node("Concat", features, integer("axis", 2));
    graph.initializer(
        "enc.kp.moment_scales",
        new Weights.Tensor(
            new long[] {Architecture.MOMENT_FEATURES}, Architecture.MOMENT_SCALES.clone()));
    String scaled = graph.node("Mul", List.of(all, "enc.kp.moment_scales"));
    graph.shape("enc.kp.flat_shape", 0, (long) Architecture.MOMENT_FEATURES * keypoints);
    return graph.node("Reshape", List.of(scaled, "enc.kp.flat_shape"));
  }

  /** The predictor graph as ONNX bytes. */
  public static byte[] predictor(
      Architecture architecture, Weights weights, Normalisation normalisation) {
    Graph graph = new Graph("foresight_predictor");
    graph.input(OnnxFormat.STATE, -1, architecture.stateSize());
    graph.input(OnnxFormat.ACTION, -1, architecture.actionSize());
    float[] inverse = normalisation.actionInverseScale();
    graph.initializer(
        "action_inverse_scale", new Weights.Tensor(new long[] {inverse.length}, inverse));
    String scaled = graph.node("Mul", List.of(OnnxFormat.ACTION, "action_inverse_scale"));
    String input = graph.node("Concat", List.of(OnnxFormat.STATE, scaled), integer("axis", 1));
    graph.initializer("gelu.inv_sqrt2", scalar((float) (1 / Math.sqrt(2))));
    graph.initializer("gelu.one", scalar(1f));
    graph.initializer("gelu.half", scalar(0.5f));
    String hidden = gelu(graph, gemm(graph, weights, input, "pred.fc1", null));
    hidden = gelu(graph, gemm(graph, weights, hidden, "pred.fc2", null));
    String delta = gemm(graph, weights, hidden, "pred.fc3", null);
    graph.nodeNamed("Add", List.of(OnnxFormat.STATE, delta), OnnxFormat.NEXT_STATE);
    graph.output(OnnxFormat.NEXT_STATE, -1, architecture.stateSize());
    return graph.model("Foresight predictor: (state, action) to next state");
  }

  /** A square convolution with the training name's weight and bias as initializers. */
  private static String conv(
      Graph graph, Weights weights, String input, String name, int kernel, int stride, int pad) {
    graph.initializer(name + ".weight", weights.get(name + ".weight"));
    graph.initializer(name + ".bias", weights.get(name + ".bias"));
    return graph.node(
        "Conv",
        List.of(input, name + ".weight", name + ".bias"),
        ints("kernel_shape", kernel, kernel),
        ints("strides", stride, stride),
        ints("pads", pad, pad, pad, pad));
  }

  private static String gemm(
      Graph graph, Weights weights, String input, String name, String output) {
    graph.initializer(name + ".weight", weights.get(name + ".weight"));
    graph.initializer(name + ".bias", weights.get(name + ".bias"));
    List<String> inputs = List.of(input, name + ".weight", name + ".bias");
    AttributeProto transB = integer("transB", 1);
    return output == null
        ? graph.node("Gemm", inputs, transB)
        : graph.nodeNamed("Gemm", inputs, output, transB);
  }

  /** {@code 0.5 · x · (1 + erf(x / √2))}. */
  private static String gelu(Graph graph, String x) {
    String scaled = graph.node("Mul", List.of(x, "gelu.inv_sqrt2"));
    String erf = graph.node("Erf", List.of(scaled));
    String plusOne = graph.node("Add", List.of(erf, "gelu.one"));
    String product = graph.node("Mul", List.of(x, plusOne));
    return graph.node("Mul", List.of(product, "gelu.half"));
  }

  private static Weights.Tensor scalar(float value) {
    return new Weights.Tensor(new long[0], new float[] {value});
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder builder =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      builder.addInts(value);
    }
    return builder.build();
  }

  private static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  /** Accumulates nodes, initializers and value infos; names node outputs uniquely. */
  private static final class Graph {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    Graph(String name) {
      graph.setName(name);
    }

    void input(String name, long... dims) {
      graph.addInput(OnnxFormat.floatValueInfo(name, dims));
    }

    void output(String name, long... dims) {
      graph.addOutput(OnnxFormat.floatValueInfo(name, dims));
    }

    void initializer(String name, Weights.Tensor tensor) {
      ByteBuffer buffer =
          ByteBuffer.allocate(tensor.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buffer.asFloatBuffer().put(tensor.values());
      TensorProto.Builder proto =
          TensorProto.newBuilder()
              .setName(name)
              .setDataType(TensorProto.DataType.FLOAT_VALUE)
              .setRawData(ByteString.copyFrom(buffer.array()));
      for (long dim : tensor.shape()) {
        proto.addDims(dim);
      }
      graph.addInitializer(proto);
    }

    /** An INT64 vector initializer (a Reshape target shape; {@code 0} copies the input's dim). */
    void shape(String name, long... dims) {
      graph.addInitializer(
          TensorProto.newBuilder()
              .setName(name)
              .setDataType(TensorProto.DataType.INT64_VALUE)
              .addDims(dims.length)
              .addAllInt64Data(java.util.Arrays.stream(dims).boxed().toList()));
    }

    String node(String op, List<String> inputs, AttributeProto... attributes) {
      return nodeNamed(
          op, inputs, op.toLowerCase(java.util.Locale.ROOT) + "_" + counter++, attributes);
    }

    String nodeNamed(String op, List<String> inputs, String output, AttributeProto... attributes) {
      NodeProto.Builder node =
          NodeProto.newBuilder().setOpType(op).setName(output + "_node").addOutput(output);
      node.addAllInput(inputs);
      for (AttributeProto attribute : attributes) {
        node.addAttribute(attribute);
      }
      graph.addNode(node);
      return output;
    }

    byte[] model(String doc) {
      graph.setDocString(doc);
      return ModelProto.newBuilder()
          .setIrVersion(IR_VERSION)
          .setProducerName("foresight")
          .setProducerVersion("1")
          .setModelVersion(1)
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
          .setGraph(graph)
          .build()
          .toByteArray();
    }
  }
}
