package dev.foresight.worldmodel;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.FloatBuffer;

/**
 * Runs a bundle's ONNX files through a DJL engine that loads ONNX: {@code TensorRT} (builds an
 * engine from the ONNX file on an NVIDIA GPU or Jetson) or {@code OnnxRuntime}.
 */
public final class DjlOnnxWorldModel extends LearnedWorldModel {
  private final String engine;
  private final Model encoderModel;
  private final Model predictorModel;
  private final Predictor<NDList, NDList> encoder;
  private final Predictor<NDList, NDList> predictor;
  private boolean closed;

  /**
   * Loads both ONNX files with {@code engine} on {@code device}.
   *
   * @throws IOException when the engine cannot load a file
   */
  public DjlOnnxWorldModel(ModelBundle bundle, String engine, Device device) throws IOException {
    super(bundle);
    this.engine = engine;
    encoderModel = Model.newInstance("encoder", device, engine);
    predictorModel = Model.newInstance("predictor", device, engine);
    try {
      encoderModel.load(bundle.directory(), "encoder");
      predictorModel.load(bundle.directory(), "predictor");
    } catch (MalformedModelException e) {
      close();
      throw new IOException(
          bundle.directory() + ": " + engine + " cannot load the bundle: " + e, e);
    }
    encoder = encoderModel.newPredictor(new NoopTranslator());
    predictor = predictorModel.newPredictor(new NoopTranslator());
  }

  @Override
  public String engineName() {
    return engine;
  }

  @Override
  public void encodeFrames(int count, float[] frames, float[] latentsOut) {
    int side = bundle().manifest().imageWidth();
    try (NDManager scope = encoderModel.getNDManager().newSubManager()) {
      NDArray input =
          scope.create(
              FloatBuffer.wrap(frames, 0, count * 3 * side * side),
              new Shape(count, 3, side, side));
      input.setName(OnnxFormat.FRAMES);
      copy(encoder.predict(new NDList(input)), latentsOut);
    } catch (TranslateException e) {
      throw new IllegalStateException(engine + " encoder failed: " + e, e);
    }
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    try (NDManager scope = predictorModel.getNDManager().newSubManager()) {
      NDArray states =
          scope.create(
              FloatBuffer.wrap(latents, 0, count * latentSize()), new Shape(count, latentSize()));
      states.setName(OnnxFormat.STATE);
      NDArray actionArray =
          scope.create(
              FloatBuffer.wrap(actions, 0, count * actionSize()), new Shape(count, actionSize()));
      actionArray.setName(OnnxFormat.ACTION);
      copy(predictor.predict(new NDList(states, actionArray)), nextLatentsOut);
    } catch (TranslateException e) {
      throw new IllegalStateException(engine + " predictor failed: " + e, e);
    }
  }

  private static void copy(NDList outputs, float[] out) {
    try (outputs) {
      float[] values = outputs.get(0).toFloatArray();
      System.arraycopy(values, 0, out, 0, values.length);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (encoder != null) {
      encoder.close();
    }
    if (predictor != null) {
      predictor.close();
    }
    encoderModel.close();
    predictorModel.close();
  }
}
