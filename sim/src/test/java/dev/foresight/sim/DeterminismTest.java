package dev.foresight.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Same (task, seed) gives byte-identical frames and states, in one JVM and across JVMs. */
class DeterminismTest {
  private static final List<String> TASKS = List.of("reach", "push-t", "pick-place");

  @Test
  void sameTaskAndSeedTwiceGiveIdenticalFramesAndStates() {
    for (String task : TASKS) {
      String first = EpisodeFingerprint.of(task, 11);
      assertThat(EpisodeFingerprint.of(task, 11)).as(task).isEqualTo(first);
      assertThat(EpisodeFingerprint.of(task, 12)).as(task + " other seed").isNotEqualTo(first);
    }
  }

  @Test
  void episodesOnParallelThreadsMatchSequentialOnes() throws Exception {
    String sequential = EpisodeFingerprint.of("pick-place", 21);
    String[] parallel = new String[2];
    Thread a = new Thread(() -> parallel[0] = EpisodeFingerprint.of("pick-place", 21));
    Thread b = new Thread(() -> parallel[1] = EpisodeFingerprint.of("push-t", 22));
    a.start();
    b.start();
    a.join();
    b.join();
    assertThat(parallel[0]).isEqualTo(sequential);
    assertThat(parallel[1]).isEqualTo(EpisodeFingerprint.of("push-t", 22));
  }

  @Test
  void aSecondJvmProducesTheSameFingerprints() throws IOException, InterruptedException {
    List<String> expected = new ArrayList<>();
    for (String task : TASKS) {
      expected.add(task + " 31 " + EpisodeFingerprint.of(task, 31));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EpisodeFingerprint.class.getName());
    command.add("31");
    command.addAll(TASKS);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("second JVM finished").isTrue();
    List<String> lines =
        new String(output, StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.matches("\\S+ 31 [0-9a-f]{64}"))
            .toList();
    assertThat(process.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    assertThat(lines).containsExactlyElementsOf(expected);
  }
}
