package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code foresight view} and to {@code --view}: one line naming it, nothing started.
 */
class ViewCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void aBridgeAddressWithoutAPortIsOneLine() {
    assertThat(run("view", "--bridge", "robot")).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--bridge 'robot'").contains("expected HOST:PORT");
  }

  @Test
  void aViewBeyondLoopbackWithoutATokenIsRefused() {
    assertThat(run("view", "--bridge", "127.0.0.1:7300", "--host", "0.0.0.0")).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("0.0.0.0").contains("without a token");
  }

  @Test
  void aViewPortOutOfRangeIsOneLineBeforeTheEpisode(@TempDir Path dir) {
    int status =
        run(
            "demo",
            "--task",
            "reach",
            "--planner",
            "oracle",
            "--view",
            "70000",
            "--out",
            dir.resolve("r").toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--view: port 70000");
    assertThat(out.toString()).doesNotContain("step   1");
  }
}
