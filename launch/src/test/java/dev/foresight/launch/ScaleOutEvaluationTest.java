package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Scale-out evaluation as a Kubernetes Indexed Job runs it: shards in separate processes, each told
 * its part only by {@code JOB_COMPLETION_INDEX} and {@code FORESIGHT_SHARD_COUNT}, then {@code sim
 * merge}; the merged result equals the unsharded run. And the shipped manifests say the same.
 */
class ScaleOutEvaluationTest {
  private static final Path TARGET = Path.of("target");
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final String[] EVAL = {
    "sim",
    "eval",
    "--task",
    "reach",
    "--planner",
    "oracle",
    "--episodes",
    "4",
    "--seed",
    "3",
    "--direct",
    "--quiet"
  };

  @TempDir Path work;

  private Process shard(int index, int count, Path out) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(
        TARGET.resolve("classes").toAbsolutePath()
            + File.pathSeparator
            + Files.readString(TARGET.resolve("inference-classpath.txt")).trim());
    command.add(ForesightCli.class.getName());
    command.addAll(List.of(EVAL));
    command.add("--out");
    command.add(out.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Path.of("..").toFile())
            .redirectOutput(work.resolve("stdout-" + index + ".txt").toFile())
            .redirectError(work.resolve("stderr-" + index + ".txt").toFile());
    builder.environment().remove("FORESIGHT_SHARD");
    builder.environment().put("JOB_COMPLETION_INDEX", Integer.toString(index));
    builder.environment().put("FORESIGHT_SHARD_COUNT", Integer.toString(count));
    return builder.start();
  }

  private static int cli(String... args) {
    StringWriter sink = new StringWriter();
    return ForesightCli.execute(new PrintWriter(sink, true), new PrintWriter(sink, true), args);
  }

  @Test
  void shardsInSeparateProcessesMergeIntoTheUnshardedRun() throws Exception {
    Process first = shard(0, 2, work.resolve("shard-0"));
    Process second = shard(1, 2, work.resolve("shard-1"));
    for (Process process : List.of(first, second)) {
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    }
    assertThat(first.exitValue())
        .as(Files.readString(work.resolve("stderr-0.txt")))
        .isIn(0, 1); // 1: a shard whose episodes did not all succeed
    assertThat(second.exitValue()).as(Files.readString(work.resolve("stderr-1.txt"))).isIn(0, 1);
    JsonNode shard0 = new ObjectMapper().readTree(work.resolve("shard-0/results.json").toFile());
    assertThat(shard0.path("shard").asText()).isEqualTo("1/2");

    cli(
        "sim",
        "merge",
        "--out",
        work.resolve("merged").toString(),
        work.resolve("shard-0").toString(),
        work.resolve("shard-1").toString());
    List<String> whole = new ArrayList<>(List.of(EVAL));
    whole.addAll(List.of("--out", work.resolve("whole").toString()));
    cli(whole.toArray(String[]::new));

    JsonNode merged = new ObjectMapper().readTree(work.resolve("merged/results.json").toFile());
    JsonNode unsharded = new ObjectMapper().readTree(work.resolve("whole/results.json").toFile());
    assertThat(merged.path("episodes")).hasSize(4);
    for (int i = 0; i < 4; i++) {
      JsonNode a = merged.path("episodes").get(i);
      JsonNode b = unsharded.path("episodes").get(i);
      for (String key : List.of("index", "seed", "success", "steps", "finalDistance")) {
        assertThat(a.path(key)).as("episode %d %s", i, key).isEqualTo(b.path(key));
      }
    }
  }

  @Test
  void theIndexedJobManifestRunsOneShardPerCompletionIndexIntoItsOwnFolder() throws Exception {
    Map<String, Object> job =
        new Yaml().load(Files.readString(DEPLOY.resolve("kubernetes/sim-eval-job.yaml")));
    assertThat(job).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
    Map<?, ?> spec = (Map<?, ?>) job.get("spec");
    assertThat(spec.get("completionMode")).isEqualTo("Indexed");
    assertThat(spec.get("parallelism")).isEqualTo(spec.get("completions"));
    Map<?, ?> container =
        (Map<?, ?>)
            ((List<?>)
                    ((Map<?, ?>) ((Map<?, ?>) spec.get("template")).get("spec")).get("containers"))
                .get(0);
    @SuppressWarnings("unchecked")
    List<Object> args = (List<Object>) container.get("args");
    assertThat(args).startsWith((Object) "sim", "eval").doesNotContain("--shard");
    assertThat(args.get(args.indexOf("--out") + 1).toString()).contains("$(JOB_COMPLETION_INDEX)");
    Object count =
        ((List<?>) container.get("env"))
            .stream()
                .map(Map.class::cast)
                .filter(e -> "FORESIGHT_SHARD_COUNT".equals(e.get("name")))
                .findFirst()
                .orElseThrow()
                .get("value");
    assertThat(Integer.parseInt(count.toString())).isEqualTo(spec.get("completions"));
    // Every argument parses as a sim eval command line.
    assertThat(
            new picocli.CommandLine(new SimEvalCommand())
                .parseArgs(args.stream().skip(2).map(Object::toString).toArray(String[]::new))
                .errors())
        .isEmpty();

    Map<String, Object> ci =
        new Yaml().load(Files.readString(DEPLOY.resolve("ci/github-actions-sim-eval.yml")));
    Map<?, ?> matrix =
        (Map<?, ?>)
            ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ci.get("jobs")).get("shard")).get("strategy"))
                .get("matrix");
    List<?> shards = (List<?>) matrix.get("shard");
    for (int i = 0; i < shards.size(); i++) {
      assertThat(dev.foresight.sim.report.Shard.parse(shards.get(i).toString()))
          .isEqualTo(new dev.foresight.sim.report.Shard(i + 1, shards.size()));
    }
  }
}
