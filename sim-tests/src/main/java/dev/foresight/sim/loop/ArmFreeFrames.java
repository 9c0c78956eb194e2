package dev.foresight.sim.loop;

import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A learned model whose encoder sees each top-down frame with the arm painted out where its
 * measured pose projects ({@link ArmFreePictures#armPaintedOut}), as it was trained on frames
 * painted the same way; the arm then lives in the latent's proprio slice only. Predictions are the
 * model's own. Experimental.
 */
final class ArmFreeFrames implements WorldModel {
  private final WorldModel model;

  /**
   * @param model the model trained on arm-free frames (used, not owned)
   */
  ArmFreeFrames(WorldModel model) {
    this.model = model;
  }

  @Override
  public int latentSize() {
    return model.latentSize();
  }

  @Override
  public int actionSize() {
    return model.actionSize();
  }

  @Override
  public int frameSkip() {
    return model.frameSkip();
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    List<Observation> painted = new ArrayList<>(observations.size());
    for (Observation o : observations) {
      Image frame = o.frame();
      painted.add(
          new Observation(
              new Image(
                  frame.width(),
                  frame.height(),
                  frame.encoding(),
                  ArmFreePictures.armPaintedOut(
                      frame, o.armState().eePoseInBase(), o.armState().gripper())),
              o.armState()));
    }
    model.encode(painted, latentsOut);
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    model.predict(count, latents, actions, nextLatentsOut);
  }
}
