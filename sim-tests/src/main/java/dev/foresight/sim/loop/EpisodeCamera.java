package dev.foresight.sim.loop;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.runtime.FrameSource;
import dev.foresight.sim.Episode;
import java.time.Duration;

/**
 * The frame source of an episode run in lockstep on the caller's thread: each observation is the
 * camera frame rendered now and the arm's measured proprio, which is what a real robot has. The
 * world only changes when the episode is stepped, so there is never anything to wait for.
 */
final class EpisodeCamera implements FrameSource {
  /** Stands in for the picture where the perception reads the simulator's state instead. */
  private static final Image NOT_RENDERED = new Image(1, 1, PixelEncoding.RGB8, new byte[3]);

  private final Episode episode;
  private final boolean render;
  private final float[] proprio = new float[Episode.PROPRIO_SIZE];
  private byte[] pixels = new byte[0];

  /**
   * @param render whether to render the camera; false for an oracle that reads the simulator's
   *     state (the observation then carries a 1x1 placeholder picture)
   */
  EpisodeCamera(Episode episode, boolean render) {
    this.episode = episode;
    this.render = render;
  }

  @Override
  public Observation next(long afterNanos, Duration timeout) {
    Image image = NOT_RENDERED;
    if (render) {
      if (pixels.length != episode.width() * episode.height() * 3) {
        pixels = new byte[episode.width() * episode.height() * 3];
      }
      episode.render(pixels);
      image = episode.image(pixels);
    }
    episode.proprio(proprio);
    return new Observation(image, armState(proprio));
  }

  @Override
  public Observation latest() {
    return next(ANY_TIME, Duration.ZERO);
  }

  @Override
  public String description() {
    return "the simulator's camera (" + episode.spec().name() + ", seed " + episode.seed() + ")";
  }

  /** The arm state a proprio vector describes (x, y, z, roll, pitch, yaw, gripper). */
  static ArmState armState(float[] proprio) {
    return new ArmState(
        0,
        new Pose(proprio[0], proprio[1], proprio[2], proprio[3], proprio[4], proprio[5]),
        proprio[6]);
  }
}
