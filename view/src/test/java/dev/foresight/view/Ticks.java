package dev.foresight.view;

import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.perception.Goal;
import dev.foresight.planner.ActionSequence;
import dev.foresight.runtime.ControlTick;
import java.util.Random;

/** Control ticks as a loop would hand them to the view, with frames of a given size. */
final class Ticks {
  private final Random random = new Random(7);
  private final int width;
  private final int height;
  final Goal goal;
  final ActionSequence plan = new ActionSequence(5, 7);

  Ticks(int width, int height) {
    this.width = width;
    this.height = height;
    this.goal = Goal.imageOnly(frame());
    for (int k = 0; k < 5; k++) {
      plan.set(k, 0, 0.01f);
      plan.set(k, 1, -0.005f);
    }
  }

  /** A frame of noise: every one differs and compresses badly, as a worst case. */
  Image frame() {
    byte[] pixels = new byte[width * height * 3];
    random.nextBytes(pixels);
    return new Image(width, height, PixelEncoding.RGB8, pixels);
  }

  /** Hands the view one tick of step {@code step} with {@code frame}. */
  void tick(ControlTick.Listener listener, int step, Image frame) {
    ControlTick.Decision decision =
        new ControlTick.Decision(
            new Observation(
                frame, new ArmState(step, new Pose(0.5, 0.1 * Math.sin(step), 0.2, 0, 0, 0), 0)),
            Action.ZERO,
            10.0 / step,
            8,
            1_000_000,
            20_000_000 + step,
            true);
    listener.ticked(decision, goal, plan, () -> new float[] {0.5f, 0.1f, 0.2f, 0.52f, 0.1f, 0.2f});
  }
}
