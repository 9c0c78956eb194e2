package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes} against the Kubernetes API schema, offline:
 * {@code deploy/kubernetes/validate/validate.mjs} runs the validators that the pinned npm package
 * kubernetes-models ships (types, required fields, enums, formats; unknown fields are not
 * reported). {@code ./foresight test} installs the package; where Node.js or the package is
 * missing, the class is skipped in one line.
 */
class KubernetesManifestSchemaTest {
  private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes");
  private static final Path VALIDATOR = MANIFESTS.resolve("validate");

  @TempDir Path temp;

  @BeforeAll
  static void needsNodeAndTheSchemaPackage() {
    assumeTrue(
        Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models")) && nodeRuns(),
        "skipped: needs node on the PATH and "
            + VALIDATOR.resolve("node_modules")
            + " (./foresight test runs npm ci there)");
  }

  private static boolean nodeRuns() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getInputStream().readAllBytes();
      return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs the validator on {@code files} (none: every manifest); returns exit status and output. */
  private static Result validate(Path... files) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
    for (Path file : files) {
      command.add(file.toAbsolutePath().toString());
    }
    Process node =
        new ProcessBuilder(command).directory(VALIDATOR.toFile()).redirectErrorStream(true).start();
    String output = new String(node.getInputStream().readAllBytes());
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(node.exitValue(), output);
  }

  record Result(int status, String output) {}

  @Test
  void theShippedJobsMatchTheKubernetesJobSchema() throws Exception {
    Result result = validate();
    assertThat(result.status()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("sim-eval-job.yaml document 1 (Job foresight-sim-eval, batch/v1): valid")
        .contains(
            "sim-eval-merge-job.yaml document 1 (Job foresight-sim-eval-merge, batch/v1): valid")
        .contains("2 valid, 0 invalid");
  }

  @Test
  void aJobThatBreaksTheSchemaIsNamedWithItsFields() throws Exception {
    String job = Files.readString(MANIFESTS.resolve("sim-eval-job.yaml"));
    assertThat(job).contains("completionMode: Indexed", "completions: 8");
    Path broken = temp.resolve("broken-job.yaml");
    Files.writeString(
        broken,
        job.replace("completionMode: Indexed", "completionMode: Sideways")
            .replace("completions: 8", "completions: eight"));
    Path notAType = temp.resolve("not-a-type.yaml");
    Files.writeString(notAType, "apiVersion: batch/v1\nkind: Jobs\nmetadata:\n  name: x\n");

    Result result = validate(broken, notAType);
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output())
        .contains(
            "(Job foresight-sim-eval, batch/v1): INVALID: data/spec/completionMode must be equal to"
                + " one of the allowed values, data/spec/completions must be integer")
        .contains("(Jobs x): INVALID: batch/v1 Jobs is not a Kubernetes API type")
        .contains("0 valid, 2 invalid");
  }
}
