package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which class path the {@code foresight} launcher starts a command with: its {@code needs_training}
 * function, run by bash on the arguments, picks the full one for the commands that use the
 * worldmodel-training module and the inference one for all others.
 */
class LauncherClassPathChoiceTest {
  private static String function;

  @TempDir static Path temp;

  @BeforeAll
  static void readTheLauncher() throws Exception {
    String launcher = Files.readString(Path.of("..", "foresight"));
    Matcher match = Pattern.compile("(?ms)^needs_training\\(\\) \\{$.*?^}$").matcher(launcher);
    assertThat(match.find()).as("the launcher's needs_training function").isTrue();
    function = match.group();
  }

  private static boolean full(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("bash", "-c", "set -euo pipefail\n" + function + "\nneeds_training \"$@\""));
    command.add("foresight");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output).isEmpty();
    assertThat(process.exitValue()).isIn(0, 1);
    return process.exitValue() == 0;
  }

  @Test
  void trainingCommandsGetTheFullClassPath() throws Exception {
    assertThat(full("train", "--data", "d", "--out", "m")).isTrue();
    assertThat(full("model", "check")).isTrue();
    assertThat(full("model", "eval", "--data", "d")).isTrue();
    assertThat(full("bench", "encoder", "--engine", "pytorch")).isTrue();
    assertThat(full("bench", "predictor", "--engine=PyTorch")).isTrue();
  }

  @Test
  void aConfigWhoseEngineIsPytorchGetsTheFullClassPath() throws Exception {
    Path pytorch = temp.resolve("pytorch.yaml");
    Files.writeString(pytorch, "model:\n  bundle: models/foresight-sim\n  engine: pytorch\n");
    Path onnx = temp.resolve("onnx.yaml");
    Files.writeString(onnx, "model:\n  engine: onnxruntime\n");
    assertThat(full("run", "--config", pytorch.toString(), "--goal", "g.png")).isTrue();
    assertThat(full("node", "perception", "--config=" + pytorch)).isTrue();
    assertThat(full("run", "--config", onnx.toString(), "--goal", "g.png")).isFalse();
  }

  @Test
  void everyOtherCommandGetsTheInferenceClassPath() throws Exception {
    assertThat(full()).isFalse();
    assertThat(full("--version")).isFalse();
    assertThat(full("demo")).isFalse();
    assertThat(full("sim", "eval", "--task", "reach")).isFalse();
    assertThat(full("bench", "encoder")).isFalse();
    assertThat(full("bench", "encoder", "--engine", "onnxruntime")).isFalse();
    assertThat(full("agent", "--config", temp.resolve("absent.yaml").toString())).isFalse();
  }
}
