package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.core.WorldModel;
import dev.foresight.testsupport.WorldModelContract;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;

/**
 * The world-model contract on the simulator oracle of a pick-and-place episode: latents are true
 * simulator states (reached by random actions in a second episode of the same task and seed), and
 * it encodes the goal image and the live camera frame.
 */
class OracleWorldModelContractTest extends WorldModelContract {
  private static final String TASK = "pick-place";
  private static final long SEED = 7;

  private Episode live;
  private Episode source;

  @Override
  protected WorldModel open() {
    live = new Episode(Tasks.byName(TASK), SEED, RenderSettings.defaults());
    source = new Episode(Tasks.byName(TASK), SEED, RenderSettings.defaults().withSize(16, 16));
    return new OracleWorldModel(live);
  }

  @AfterEach
  void closeEpisodes() {
    live.close();
    source.close();
  }

  /** The goal image and the live camera frame. */
  @Override
  protected List<Observation> observations() {
    RenderSettings render = RenderSettings.defaults();
    byte[] now = new byte[render.width() * render.height() * 3];
    live.render(now);
    ArmState arm = new ArmState(0, new Pose(0.5, 0, 0.1, 0, 0, 0), 0);
    return List.of(
        new Observation(
            new Image(render.width(), render.height(), PixelEncoding.RGB8, live.goalFrame()), arm),
        new Observation(new Image(render.width(), render.height(), PixelEncoding.RGB8, now), arm));
  }

  /** States of the source episode after 1 … count random actions. */
  @Override
  protected float[] latents(int count, SplittableRandom random) {
    int size = source.world().stateSize();
    float[] latents = new float[count * size];
    RandomExplorer explorer = new RandomExplorer(random.nextLong());
    for (int s = 0; s < count; s++) {
      Action action = explorer.act(source);
      source.step(action);
      source.world().saveState(latents, s * size);
    }
    return latents;
  }

  /** Actions as the simulator takes them: translations and rotations ±0.03, gripper in [0, 1]. */
  @Override
  protected float[] actions(int count, SplittableRandom random) {
    float[] actions = new float[count * Action.SIZE];
    for (int s = 0; s < count; s++) {
      for (int d = 0; d < Action.SIZE - 1; d++) {
        actions[s * Action.SIZE + d] = (float) random.nextDouble(-0.03, 0.03);
      }
      actions[s * Action.SIZE + Action.SIZE - 1] = (float) random.nextDouble();
    }
    return actions;
  }
}
