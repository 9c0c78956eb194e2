package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerSmokeTest {
  @TempDir Path temp;

  @Test
  void trainsExportsAndRunsOnBothEngines() throws Exception {
    Path data = temp.resolve("data");
    SyntheticDataset.write(data, 20, 15, 7);
    Path out = temp.resolve("model");
    ModelTraining.Outcome outcome =
        ModelTraining.run(
            List.of(data),
            out,
            Architecture.standard(7, 7),
            new JepaTrainer.Options(
                Integer.getInteger("smoke.steps", 150), 1, 16, 1e-3f, 1e-4f, 0.99f, 100),
            new JepaTrainer.Listener() {},
            "test");
    System.out.println(outcome.evaluation().format());
    System.out.println(
        "seconds "
            + outcome.training().seconds()
            + " first "
            + outcome.training().firstLoss()
            + " last "
            + outcome.training().lastLoss());
    assertThat(outcome.training().lastLoss()).isLessThan(outcome.training().firstLoss() * 0.7f);
    ModelBundle bundle = ModelBundle.read(out);
    try (OrtWorldModel ort = new OrtWorldModel(bundle, 1);
        TorchWorldModel torch = new TorchWorldModel(bundle)) {
      ParityCheck.Result parity = ParityCheck.compare(ort, torch, 3);
      System.out.println(parity);
      assertThat(parity.passed()).isTrue();
    }
  }
}
