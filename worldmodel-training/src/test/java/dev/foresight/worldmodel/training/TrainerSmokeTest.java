package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred real training steps on a tiny synthetic dataset, exported and run on two engines.
 */
class TrainerSmokeTest {
  @TempDir Path temp;

  @Test
  void lossFallsLatentsStayAliveAndEnginesAgree() throws Exception {
    Path data = temp.resolve("data");
    SyntheticDataset.write(data, 20, 15, 7);
    Path out = temp.resolve("model");
    ModelTraining.Outcome outcome =
        ModelTraining.run(
            List.of(data),
            out,
            Architecture.standard(7, 7),
            new JepaTrainer.Options(200, 1, 16, 1e-3f, 1e-4f, 0.99f, 100, 1f, 0f, 2f, 0, 0f, 0f),
            new JepaTrainer.Listener() {},
            "test");
    System.out.println(outcome.evaluation().format());
    System.out.printf(
        "%.1f s, loss %.4f -> %.4f%n",
        outcome.training().seconds(),
        outcome.training().firstLoss(),
        outcome.training().lastLoss());
    assertThat(outcome.training().lastLoss()).isLessThan(outcome.training().firstLoss() * 0.7f);

    // Collapse check on held-out frames: every latent dimension must still vary.
    assertThat(outcome.evaluation().deadDimensions()).isZero();
    assertThat(outcome.evaluation().minLatentStd()).isGreaterThan(0.05);

    ModelBundle bundle = ModelBundle.read(out);
    assertThat(bundle.manifest().training().metrics()).containsKey("heldout.minLatentStd");
    try (OrtWorldModel ort = new OrtWorldModel(bundle, 1);
        TorchWorldModel torch = new TorchWorldModel(bundle)) {
      ParityCheck.Result parity = ParityCheck.compare(ort, torch, 3);
      assertThat(parity.encoderMaxDifference()).isLessThan(ParityCheck.TOLERANCE);
      assertThat(parity.predictorMaxDifference()).isLessThan(ParityCheck.TOLERANCE);
    }
  }
}
