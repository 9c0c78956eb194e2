package dev.foresight.sim.loop;

import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.core.WorldModel;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RandomExplorer;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Tasks;
import dev.foresight.testsupport.WorldModelContract;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;

/**
 * The world-model contract on the oracle with the task state in front, on a push-t episode: latents
 * are encoded from a second episode of the same task and seed driven by random actions.
 */
class TaskStateOracleContractTest extends WorldModelContract {
  private static final String TASK = "push-t";
  private static final long SEED = 5;

  private Episode live;
  private Episode source;
  private TaskStateOracle sourceOracle;

  @Override
  protected WorldModel open() {
    live = new Episode(Tasks.byName(TASK), SEED, RenderSettings.defaults());
    source = new Episode(Tasks.byName(TASK), SEED, RenderSettings.defaults().withSize(16, 16));
    sourceOracle = new TaskStateOracle(source);
    return new TaskStateOracle(live);
  }

  @AfterEach
  void closeEpisodes() {
    sourceOracle.close();
    live.close();
    source.close();
  }

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

  /** Latents of the source episode after 1 … count random actions. */
  @Override
  protected float[] latents(int count, SplittableRandom random) {
    int size = sourceOracle.latentSize();
    float[] latents = new float[count * size];
    float[] one = new float[size];
    RandomExplorer explorer = new RandomExplorer(random.nextLong());
    for (int s = 0; s < count; s++) {
      source.step(explorer.act(source));
      sourceOracle.encodeLive(one);
      System.arraycopy(one, 0, latents, s * size, size);
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
