package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.Action;
import dev.foresight.core.Observation;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Tasks;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learned energy over the true dynamics: a prediction is what the learned encoder makes of the
 * frame the simulator renders after holding the action for the macro-step.
 */
class LearnedEnergyOracleTest {
  private static final Path BUNDLE = Path.of("..", "models", "foresight-sim");

  private static Observation observe(Episode episode) {
    float[] proprio = new float[Episode.PROPRIO_SIZE];
    episode.proprio(proprio);
    return new Observation(episode.frame(), EpisodeCamera.armState(proprio));
  }

  @Test
  void aPredictionIsTheEncodingOfTheFrameAfterTheHeldActionAndPredictionsChain() throws Exception {
    try (OrtWorldModel learned = new OrtWorldModel(ModelBundle.read(BUNDLE), 1);
        Episode live = new Episode(Tasks.byName("reach"), 3, RenderSettings.defaults());
        Episode truth = new Episode(Tasks.byName("reach"), 3, RenderSettings.defaults());
        LearnedEnergyOracle model = new LearnedEnergyOracle(live, learned, 3)) {
      int size = model.latentSize();
      float[] start = new float[size];
      model.encode(List.of(observe(live)), start);
      float[] action = new float[Action.SIZE];
      action[0] = 0.02f;
      action[1] = -0.01f;
      float[] once = new float[size];
      float[] twice = new float[size];

      model.predict(1, start, action, once);
      model.predict(1, once, action, twice);

      float[] expected = new float[size];
      for (int k = 0; k < 3; k++) {
        truth.step(Action.fromArray(action, 0));
      }
      learned.encode(List.of(observe(truth)), expected);
      assertThat(once).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
      for (int k = 0; k < 3; k++) {
        truth.step(Action.fromArray(action, 0));
      }
      learned.encode(List.of(observe(truth)), expected);
      assertThat(twice).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(twice).isNotEqualTo(once);
      assertThat(model.frameSkip()).isEqualTo(3);

      float[] unknown = start.clone();
      unknown[0] += 1;
      assertThatThrownBy(() -> model.predict(1, unknown, action, once))
          .hasMessageContaining("no simulator state behind its latent");
    }
  }
}
