package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.Weights;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerDeterminismTest {
  @TempDir static Path temp;
  private static EpisodeDataset data;
  private static final Architecture ARCHITECTURE = Architecture.standard(7, 7);

  @BeforeAll
  static void writeData() throws Exception {
    SyntheticDataset.write(temp.resolve("data"), 6, 8, 11);
    data = EpisodeDataset.load(List.of(temp.resolve("data")));
  }

  private static JepaTrainer.Options options(int steps, long seed) {
    return new JepaTrainer.Options(steps, seed, 4, 1e-3f, 1e-4f, 0.99f, 3, 1f, 0f, 2f, 0, 0f, 0f);
  }

  private static void assertSameWeights(Weights a, Weights b) {
    assertThat(a.all().keySet()).isEqualTo(b.all().keySet());
    for (Map.Entry<String, Weights.Tensor> entry : a.all().entrySet()) {
      assertThat(b.get(entry.getKey()).values())
          .as(entry.getKey())
          .containsExactly(entry.getValue().values());
    }
  }

  @Test
  void sameSeedGivesSameWeightsAndResumingMatchesOneRun() throws Exception {
    JepaTrainer.Result straight =
        new JepaTrainer(ARCHITECTURE, options(6, 5))
            .train(data, temp.resolve("straight"), new JepaTrainer.Listener() {});
    JepaTrainer.Result again =
        new JepaTrainer(ARCHITECTURE, options(6, 5))
            .train(data, temp.resolve("again"), new JepaTrainer.Listener() {});
    assertSameWeights(straight.weights(), again.weights());

    // Interrupt the run right after its step-3 checkpoint, then run the same command again.
    JepaTrainer.Listener crashAfterCheckpoint =
        new JepaTrainer.Listener() {
          @Override
          public void checkpointed(int step, Path file) {
            throw new IllegalStateException("simulated crash after step " + step);
          }
        };
    assertThatThrownBy(
            () ->
                new JepaTrainer(ARCHITECTURE, options(6, 5))
                    .train(data, temp.resolve("resumed"), crashAfterCheckpoint))
        .hasMessageContaining("simulated crash after step 3");
    JepaTrainer.Result resumed =
        new JepaTrainer(ARCHITECTURE, options(6, 5))
            .train(data, temp.resolve("resumed"), new JepaTrainer.Listener() {});
    assertThat(resumed.resumedFrom()).isEqualTo(3);
    assertSameWeights(straight.weights(), resumed.weights());

    JepaTrainer.Result otherSeed =
        new JepaTrainer(ARCHITECTURE, options(6, 6))
            .train(data, temp.resolve("other"), new JepaTrainer.Listener() {});
    assertThat(otherSeed.weights().get("enc.fc.weight").values())
        .isNotEqualTo(straight.weights().get("enc.fc.weight").values());
  }

  @Test
  void resumingWithAnotherSeedIsRefused() throws Exception {
    new JepaTrainer(ARCHITECTURE, options(3, 5))
        .train(data, temp.resolve("seeded"), new JepaTrainer.Listener() {});
    assertThatThrownBy(
            () ->
                new JepaTrainer(ARCHITECTURE, options(4, 9))
                    .train(data, temp.resolve("seeded"), new JepaTrainer.Listener() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed 5")
        .hasMessageContaining("seed 9");
  }
}
