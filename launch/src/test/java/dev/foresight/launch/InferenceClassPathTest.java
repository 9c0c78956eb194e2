package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference class path that {@code ./foresight} starts every command but the training ones with
 * ({@code target/inference-classpath.txt}, written by the build): it carries no PyTorch artifact
 * and not the worldmodel-training module, a real inference job runs on it in its own JVM, and a
 * training command started on it ends with one line saying what is missing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InferenceClassPathTest {
  private static final Path TARGET = Path.of("target");
  private static final Path SHIPPED = Path.of("..", "models", "foresight-sim").toAbsolutePath();

  @TempDir Path work;

  private static List<String> entries(String file) throws Exception {
    String text = Files.readString(TARGET.resolve(file)).trim();
    return Arrays.asList(text.split(File.pathSeparator));
  }

  private static boolean isTraining(String entry) {
    return entry.contains("/ai/djl/pytorch/") || entry.contains("worldmodel-training");
  }

  @Test
  void theInferenceClassPathIsTheFullOneWithoutTrainingAndPyTorch() throws Exception {
    List<String> full = entries("runtime-classpath.txt");
    List<String> inference = entries("inference-classpath.txt");
    assertThat(inference).noneMatch(InferenceClassPathTest::isTraining);
    List<String> left = new ArrayList<>(full);
    left.removeAll(inference);
    assertThat(left).allMatch(InferenceClassPathTest::isTraining);
    assertThat(left)
        .anyMatch(entry -> entry.contains("pytorch-native-cpu"))
        .anyMatch(entry -> entry.contains("pytorch-jni"))
        .anyMatch(entry -> entry.contains("pytorch-engine"))
        .anyMatch(entry -> entry.contains("worldmodel-training"));
    assertThat(full).containsAll(inference);
  }

  @Test
  void anEncoderRunsOnItAndPyTorchFallsBackToOnnxRuntime() throws Exception {
    Run run =
        foresight(
            "bench", "encoder", "--model", SHIPPED + "", "--engine", "pytorch", "--seconds", "0.2");
    assertThat(run.status).as(run.stderr).isZero();
    assertThat(run.stdout)
        .contains("encoder OnnxRuntime (1 thread(s)) 64x64 batch   1")
        .contains("batch 256");
    assertThat(run.stderr)
        .contains(
            "model.engine pytorch cannot load (PyTorch engine is not on this process's class path")
        .doesNotContain("Exception");
  }

  @Test
  void trainingCommandsOnItEndWithOneLine() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Run train = foresight("train", "--data", data.toString(), "--out", work.resolve("m") + "");
    Run check = foresight("model", "check", SHIPPED.toString());
    for (Run run : List.of(train, check)) {
      assertThat(run.status).as(run.stderr).isEqualTo(1);
      assertThat(run.stderr.strip())
          .doesNotContain("\n")
          .doesNotContain("NoClassDefFoundError")
          .endsWith(TrainingModule.ABSENT);
    }
    assertThat(train.stderr).startsWith("foresight train: ");
    assertThat(check.stderr).startsWith("foresight model check: ");
    assertThat(work.resolve("m")).doesNotExist();
  }

  /** What a finished {@code foresight} process printed and returned. */
  private record Run(int status, String stdout, String stderr) {}

  /** Runs the CLI in a fresh JVM on launch's classes and the inference class path. */
  private Run foresight(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(
        TARGET.resolve("classes").toAbsolutePath()
            + File.pathSeparator
            + Files.readString(TARGET.resolve("inference-classpath.txt")).trim());
    command.add(ForesightCli.class.getName());
    command.addAll(List.of(args));
    Path out = work.resolve("stdout-" + args[0] + ".txt");
    Path err = work.resolve("stderr-" + args[0] + ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("foresight " + String.join(" ", args) + " ran over 2 minutes");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
