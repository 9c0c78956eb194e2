package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.Action;
import dev.foresight.core.Observation;
import dev.foresight.perception.Goal;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Tasks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arm-free moments pose says how far the T is from its goal pose, shift and turn. */
class ArmFreeMomentsTest {
  @Test
  void theMomentsPoseMovesAsTheBlocksTrueStateDoes() {
    ArmFreeMoments moments = new ArmFreeMoments(Action.SIZE);
    int size = moments.latentSize();
    int agree = 0;
    StringBuilder misses = new StringBuilder();
    for (long seed = 1; seed <= 10; seed++) {
      try (Episode episode = new Episode(Tasks.byName("push-t"), seed, RenderSettings.defaults())) {
        float[] proprio = new float[Episode.PROPRIO_SIZE];
        episode.proprio(proprio);
        Observation now = new Observation(episode.frame(), EpisodeCamera.armState(proprio));
        Goal goal = Goal.withProprio(episode.image(episode.goalFrame()), episode.goalProprio());
        Observation target = new Observation(goal.image(), goal.armState(now.armState()));
        float[] latents = new float[2 * size];
        moments.encode(List.of(now, target), latents);
        float[] state = new float[episode.spec().taskStateSize()];
        episode.taskState(state);
        float[] goalState = episode.goalTaskState();

        // The T's area centroid sits off the block's origin and turns with it: the shifts agree to
        // within that offset times the turn (the starts are 3–8 cm from the goal).
        double shiftX = latents[0] - latents[size];
        double shiftY = latents[1] - latents[size + 1];
        double turn = angle(latents[3], latents[2]) - angle(latents[size + 3], latents[size + 2]);
        double trueTurn = angle(state[3], state[2]) - angle(goalState[3], goalState[2]);
        double turnError = Math.abs(Math.IEEEremainder(turn - trueTurn, 2 * Math.PI));
        // The T's area centroid sits off the block's origin and turns with it, so the shifts agree
        // to within that offset times the turn (the starts are 3–8 cm from the goal).
        double shiftError =
            Math.hypot(shiftX - (state[0] - goalState[0]), shiftY - (state[1] - goalState[1]));
        if (turnError < 0.15 && shiftError < 0.025) {
          agree++;
        } else {
          misses.append(
              String.format(
                  " seed %d: turn error %.2f rad, shift error %.3f m;",
                  seed, turnError, shiftError));
        }
      }
    }
    // Where the arm's footprint (a box around the gripper) covers part of the T, the rest of the
    // T's moments mislead: allowed for 1 of the 10 picture pairs.
    assertThat(agree).as("agreeing pairs;%s", misses).isGreaterThanOrEqualTo(9);
    assertThatThrownBy(() -> moments.predict(1, new float[size], new float[7], new float[size]))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static double angle(float sin, float cos) {
    return Math.atan2(sin, cos);
  }

  private static org.assertj.core.data.Offset<Double> within(double tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }
}
