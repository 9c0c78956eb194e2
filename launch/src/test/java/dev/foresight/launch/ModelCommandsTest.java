package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.training.SyntheticDataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** train → model check → model eval → bench on a tiny synthetic dataset, through the CLI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelCommandsTest {
  @TempDir static Path temp;
  private Path data;
  private Path model;
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** {@code foresight train} on the synthetic dataset into {@code bundle} with extra options. */
  private int train(Path bundle, String... options) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out"));
    args.add(bundle.toString());
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }

  @BeforeAll
  void trainTinyModel() throws Exception {
    data = temp.resolve("data");
    SyntheticDataset.write(data, 10, 12, 3);
    model = temp.resolve("model");
    int status = train(model, "--steps", "20", "--batch", "4", "--checkpoint-every", "10");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("trained 20 steps").contains("rollout5");
  }

  @Test
  void trainedBundleRecordsTheEncoderAndAnUnknownOneIsNamed() throws Exception {
    assertThat(Files.readString(model.resolve("manifest.json")))
        .contains("\"keypoints\" : 32")
        .contains("--encoder keypoints");
    int status = train(temp.resolve("never"), "--encoder", "resnet");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown encoder 'resnet', expected keypoints, moments or flat");
    assertThat(temp.resolve("never")).doesNotExist();
    status = train(temp.resolve("never"), "--encoder", "flat", "--keypoints", "16");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("--keypoints 16 needs --encoder keypoints or moments and a count of at least 1");
    assertThat(temp.resolve("never")).doesNotExist();
  }

  @Test
  void outOfRangeTrainingSettingsAreUsageErrors() {
    String[][] cases = {
      {"--smoothness", "-1", "smoothness must be zero or positive and finite, got -1.0"},
      {"--refine-steps", "-1", "predictor refinement steps must be zero or positive, got -1"},
      {"--proprio-decorrelation", "NaN", "proprio decorrelation must be zero or positive"},
      {"--reconstruction", "-2", "reconstruction weight must be zero or positive and finite"},
    };
    for (String[] bad : cases) {
      int status = train(temp.resolve("never"), bad[0], bad[1]);
      assertThat(status).as(bad[0]).isEqualTo(2);
      assertThat(err.toString()).contains(bad[2]);
      assertThat(temp.resolve("never")).doesNotExist();
    }
  }

  @Test
  void smoothnessAndReconstructionAreRecordedInTheBundleCommand() throws Exception {
    Path smooth = temp.resolve("smooth");
    int status =
        train(
            smooth, "--steps", "2", "--batch", "4", "--smoothness", "10", "--reconstruction", "3");
    assertThat(status).as(err.toString()).isZero();
    assertThat(Files.readString(smooth.resolve("manifest.json")))
        .contains("--smoothness 10.0")
        .contains("--reconstruction 3.0");
    assertThat(Files.readString(model.resolve("manifest.json"))).doesNotContain("--smoothness");
  }

  @Test
  void refineDataTrainsThePredictorOnMoreDatasetsWithTheEncoderOfDataAlone() throws Exception {
    Path more = temp.resolve("more");
    SyntheticDataset.write(more, 10, 12, 100);
    Path plain = temp.resolve("plain");
    assertThat(train(plain, "--steps", "4", "--batch", "4")).as(err.toString()).isZero();
    Path refined = temp.resolve("refined");
    int status =
        train(
            refined,
            "--steps",
            "4",
            "--batch",
            "4",
            "--refine-steps",
            "3",
            "--refine-data",
            data + "," + more);
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("refined the predictor 3 steps");
    var plainManifest = ModelBundle.read(plain).manifest();
    var refinedManifest = ModelBundle.read(refined).manifest();
    // The JEPA stage saw --data alone: the same encoder as a run without refinement.
    assertThat(refinedManifest.files().get("encoder.onnx").sha256())
        .isEqualTo(plainManifest.files().get("encoder.onnx").sha256());
    assertThat(refinedManifest.files().get("predictor.onnx").sha256())
        .isNotEqualTo(plainManifest.files().get("predictor.onnx").sha256());
    assertThat(refinedManifest.training().datasets())
        .containsExactly(data.toString(), more.toString());
    assertThat(refinedManifest.training().command())
        .contains("--refine-steps 3 --refine-data " + data + "," + more);
    assertThat(refinedManifest.training().metrics()).containsKey("refine.validationAfter");

    // A wrong refinement dataset is named before any training.
    status =
        train(
            temp.resolve("never"),
            "--refine-steps",
            "3",
            "--refine-data",
            temp.resolve("missing").toString());
    assertThat(status).isNotZero();
    assertThat(err.toString())
        .contains(temp.resolve("missing").resolve("manifest.json").toString())
        .contains("needs manifest.json");
    assertThat(temp.resolve("never").resolve(".training").resolve("checkpoint.npz")).doesNotExist();

    status = train(temp.resolve("never"), "--refine-data", more.toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("--refine-data " + more + " needs --refine-steps N > 0")
        .doesNotContain("Exception");
    assertThat(temp.resolve("never").resolve("manifest.json")).doesNotExist();
  }

  @Test
  void checkPassesOnFreshBundle() {
    assertThat(run("model", "check", model.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("checksums ok").contains("PASS");
  }

  @Test
  void evalPrintsRatioAndCorrelationPerTask() {
    assertThat(run("model", "eval", model.toString(), "--data", data.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("synthetic-reach: rollout ratio").contains("spearman");
  }

  @Test
  void missingAndCorruptBundlesAreNamed() throws Exception {
    assertThat(run("model", "check", temp.resolve("nothing").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("nothing").contains("model bundle directory not found");

    Path broken = temp.resolve("broken");
    Files.createDirectories(broken);
    for (String name : new String[] {"manifest.json", "encoder.onnx", "predictor.onnx"}) {
      Files.copy(model.resolve(name), broken.resolve(name));
    }
    byte[] encoder = Files.readAllBytes(broken.resolve("encoder.onnx"));
    encoder[encoder.length / 2] ^= 0x5a;
    Files.write(broken.resolve("encoder.onnx"), encoder);
    assertThat(run("model", "check", broken.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("encoder.onnx: corrupt").contains("expected");
  }

  @Test
  void benchesPrintNumbers() {
    assertThat(run("bench", "encoder", "--model", model.toString(), "--seconds", "0.05"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("batch   1:").contains("ms/frame");
    assertThat(run("bench", "predictor", "--model", model.toString(), "--seconds", "0.05"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("batch 256:").contains("latent steps/s");
  }

  @Test
  void unavailableEngineFallsBackToOnnxRuntime() {
    assertThat(
            run(
                "bench",
                "predictor",
                "--model",
                model.toString(),
                "--engine",
                "tensorrt",
                "--seconds",
                "0.02"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("predictor OnnxRuntime");
  }
}
