package dev.foresight.worldmodel;

import dev.foresight.core.ArmState;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.List;

/**
 * A {@link WorldModel} backed by a model bundle on some inference engine.
 *
 * <p>Its "latent" is the predictor state {@code [z, p̂]} described in {@link ModelManifest}: {@link
 * #latentSize()} is {@code manifest.stateSize()}. {@link #encode} fills {@code z} from the frame
 * and {@code p̂} from the arm state. Not thread-safe: use one instance per thread.
 */
public abstract class LearnedWorldModel implements WorldModel {
  private final ModelBundle bundle;
  private final ModelManifest manifest;
  private final FramePreprocessor preprocessor;
  private final Normalisation normalisation;
  private final float[] proprio;
  private float[] frameBuffer = new float[0];
  private float[] latentBuffer = new float[0];

  /** Reads shapes and scalings from the bundle. */
  protected LearnedWorldModel(ModelBundle bundle) {
    this.bundle = bundle;
    this.manifest = bundle.manifest();
    this.normalisation = manifest.normalisation();
    this.preprocessor =
        new FramePreprocessor(manifest.imageWidth(), manifest.pixelMean(), manifest.pixelStd());
    this.proprio = new float[manifest.proprioSize()];
  }

  /** The bundle this model runs. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** The bundle's frameskip: control steps one prediction advances. */
  @Override
  public int frameSkip() {
    return manifest.frameSkip();
  }

  /** Name of the engine actually used ({@code OnnxRuntime}, {@code PyTorch}, {@code TensorRT}). */
  public abstract String engineName();

  /** The preprocessor that turns frames into encoder input. */
  public FramePreprocessor preprocessor() {
    return preprocessor;
  }

  @Override
  public int latentSize() {
    return manifest.stateSize();
  }

  @Override
  public int actionSize() {
    return manifest.actionSize();
  }

  /** Length of the image part {@code z} of the state. */
  public int imageLatentSize() {
    return manifest.latentSize();
  }

  /**
   * Runs the encoder on prepared frames.
   *
   * @param count number of frames
   * @param frames {@code count · preprocessor().floatsPerFrame()} floats. Not modified.
   * @param latentsOut {@code count · imageLatentSize()} floats. Modified.
   */
  public abstract void encodeFrames(int count, float[] frames, float[] latentsOut);

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    int count = observations.size();
    int frameFloats = preprocessor.floatsPerFrame();
    if (frameBuffer.length < count * frameFloats) {
      frameBuffer = new float[count * frameFloats];
      latentBuffer = new float[count * imageLatentSize()];
    }
    for (int i = 0; i < count; i++) {
      preprocessor.prepare(observations.get(i).frame(), frameBuffer, i * frameFloats);
    }
    encodeFrames(count, frameBuffer, latentBuffer);
    int latent = imageLatentSize();
    for (int i = 0; i < count; i++) {
      System.arraycopy(latentBuffer, i * latent, latentsOut, i * latentSize(), latent);
      writeProprio(observations.get(i).armState(), latentsOut, i * latentSize() + latent);
    }
  }

  /**
   * Writes the normalised proprio {@code p̂} of an arm state.
   *
   * @param out receives {@code proprioSize} floats at {@code offset}. Modified.
   */
  public void writeProprio(ArmState armState, float[] out, int offset) {
    var pose = armState.eePoseInBase();
    proprio[0] = (float) pose.x();
    proprio[1] = (float) pose.y();
    proprio[2] = (float) pose.z();
    proprio[3] = (float) pose.roll();
    proprio[4] = (float) pose.pitch();
    proprio[5] = (float) pose.yaw();
    proprio[6] = (float) armState.gripper();
    normalisation.normaliseProprio(proprio, 0, out, offset);
  }
}
