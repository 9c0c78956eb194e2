package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.v1.Welcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code foresight agent} and {@code foresight bench bridge}. */
class BridgeCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void benchBridgePrintsLatencyDropsAndJitter() {
    int status = run("bench", "bridge", "--rate", "200", "--seconds", "1", "--warmup-seconds", "0");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("bridge bench: 200 Hz commands")
        .containsPattern("commands: sent \\d+ .*dropped \\d+ \\(stale \\d+")
        .containsPattern("command->agent latency: p50 \\d+ us, p99 \\d+ us, p99.9 \\d+ us")
        .containsPattern("control loop jitter: p50 \\d+ us.*overruns \\d+ of \\d+ ticks");
  }

  @Test
  void agentServesAClientUntilInterrupted(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, "robot:\n  robotId: bench-arm-7\n  controlRateHz: 200\n");
    AtomicInteger status = new AtomicInteger(-1);
    Thread agent =
        new Thread(
            () ->
                status.set(
                    run("agent", "--driver", "log", "--config", config.toString(), "--port", "0")));
    agent.start();
    Pattern listening = Pattern.compile("agent bench-arm-7 listening on 127.0.0.1:(\\d+)");
    long deadline = System.nanoTime() + 30_000_000_000L;
    Matcher matcher = listening.matcher(out.toString());
    boolean found = matcher.find();
    while (!found && System.nanoTime() < deadline && agent.isAlive()) {
      Thread.sleep(20);
      matcher = listening.matcher(out.toString());
      found = matcher.find();
    }
    assertThat(found).as(out + " / " + err).isTrue();
    int port = Integer.parseInt(matcher.group(1));
    try (BridgeClient client = BridgeClient.builder("127.0.0.1", port).connect()) {
      Welcome welcome = client.awaitWelcome(Duration.ofSeconds(10));
      assertThat(welcome.getRobotId()).isEqualTo("bench-arm-7");
      assertThat(welcome.getLimits().getControlRateHz()).isEqualTo(200);
    }
    agent.interrupt();
    agent.join(10_000);
    assertThat(agent.isAlive()).isFalse();
    assertThat(status.get()).as(err.toString()).isZero();
  }

  @Test
  void unknownDriverIsOneLineNamingTheChoices() {
    assertThat(run("agent", "--driver", "teleport")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight agent: --driver: 'teleport' is not a driver, expected kinematic, log, sim or"
                + " ros");
  }

  @Test
  void simDriverWithAnUnknownTaskIsOneLine() {
    assertThat(run("agent", "--driver", "sim", "--task", "juggle")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight agent: task 'juggle' is unknown, expected one of reach, push-t,"
                + " pick-place");
  }

  @Test
  void tlsWithoutKeystoreIsRefused(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("tls.yaml");
    Files.writeString(config, "bridge:\n  tls: true\n");
    assertThat(run("agent", "--driver", "kinematic", "--config", config.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("bridge.tls is true: --keystore FILE (PKCS12) is required");
  }

  @Test
  void tokenSourcesResolveOrNameTheProblem(@TempDir Path dir) throws IOException {
    assertThat(AgentCommand.resolveToken("none")).isEmpty();
    Path file = dir.resolve("token");
    Files.writeString(file, "  abc123\n");
    assertThat(AgentCommand.resolveToken("file:" + file)).isEqualTo("abc123");
    assertThatThrownBy(() -> AgentCommand.resolveToken("file:" + dir.resolve("absent")))
        .hasMessageContaining("bridge.tokenSource: cannot read")
        .hasMessageContaining("absent");
    assertThatThrownBy(() -> AgentCommand.resolveToken("env:FORESIGHT_TEST_UNSET_TOKEN_VARIABLE"))
        .hasMessage(
            "bridge.tokenSource: environment variable FORESIGHT_TEST_UNSET_TOKEN_VARIABLE is not"
                + " set, expected the token");
  }
}
