package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.AgentWelcome;
import dev.foresight.bridge.BridgeClient;
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
        .containsPattern("control loop jitter: p50 \\d+ us.*overruns \\d+ of \\d+ ticks")
        .containsPattern("load average [\\d.]+ at start.*GC during the run: \\d+ collections")
        .contains("scheduling requested: normal")
        .doesNotContain("SCHED_FIFO");
  }

  @Test
  void benchBridgeRealtimeStatesWhatEachThreadGot() throws IOException {
    int status =
        run(
            "bench",
            "bridge",
            "--rate",
            "200",
            "--seconds",
            "0.5",
            "--warmup-seconds",
            "0",
            "--realtime=40");
    assertThat(status).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("scheduling requested: SCHED_FIFO 40");
    for (String role : new String[] {"agent-io", "control", "client-io", "client-sender"}) {
      assertThat(text).containsPattern("(?m)^  " + role + " \\(tid \\d+\\): SCHED_");
    }
    if (realtimePermitted(40)) {
      assertThat(text)
          .containsPattern("(?m)^  agent-io \\(tid \\d+\\): SCHED_FIFO 40$")
          .containsPattern("(?m)^  control \\(tid \\d+\\): SCHED_FIFO 40$")
          .containsPattern("(?m)^  client-io \\(tid \\d+\\): SCHED_FIFO 40$")
          .containsPattern("(?m)^  client-sender \\(tid \\d+\\): SCHED_FIFO 40$")
          .doesNotContain("NOT in effect");
    } else {
      assertThat(text).contains("real-time scheduling NOT in effect").contains("ulimit -r 40");
    }
  }

  @Test
  void benchSoakReportsDropsLatencyAndHeapForBothParts() {
    int status = run("bench", "soak", "--minutes", "0.02", "--ros-rate", "100");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("soak: 0.0 min of bridge, then 0.0 min of ROS images")
        .containsPattern("commands: sent \\d+ .*dropped \\d+")
        .containsPattern("command->agent latency: p50 \\d+ us, p99 \\d+ us")
        .containsPattern(
            "soak bridge: watchdog trips \\d+; heap after GC [\\d.]+ MiB before, [\\d.]+ MiB"
                + " after \\([-+][\\d.]+ MiB\\)")
        .containsPattern("java->java\\s+100 Hz\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+\\d+")
        .containsPattern("soak ros: heap after GC [\\d.]+ MiB before, [\\d.]+ MiB after");
    assertThat(run("bench", "soak", "--minutes", "11")).isNotZero();
    assertThat(err.toString()).contains("--minutes: 11.0 is out of range, expected (0, 10]");
  }

  @Test
  void benchBridgeRefusesABadRealtimePriority() {
    assertThat(run("bench", "bridge", "--seconds", "1", "--realtime=0")).isEqualTo(1);
    assertThat(err.toString())
        .contains("--realtime: 0 is out of range, expected a SCHED_FIFO priority 1-99");
  }

  /** CAP_SYS_NICE (bit 23 of CapEff) or RLIMIT_RTPRIO >= prio: the kernel allows SCHED_FIFO. */
  private static boolean realtimePermitted(int prio) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")
          && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 23)) != 0) {
        return true;
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max realtime priority")) {
        String soft = line.substring("Max realtime priority".length()).strip().split("\\s+")[0];
        return soft.equals("unlimited") || Integer.parseInt(soft) >= prio;
      }
    }
    return false;
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
                    run(
                        "agent",
                        "--driver",
                        "log",
                        "--config",
                        config.toString(),
                        "--port",
                        "0",
                        "--realtime=30")));
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
    while (!out.toString().contains("scheduling: ") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (realtimePermitted(30)) {
      assertThat(out.toString())
          .containsPattern(
              "scheduling: agent-io \\(tid \\d+\\): SCHED_FIFO 30; control \\(tid \\d+\\):"
                  + " SCHED_FIFO 30");
    } else {
      assertThat(out.toString())
          .contains("realtime: SCHED_FIFO 30 refused for agent-io, control")
          .contains("ulimit -r 30");
    }
    try (BridgeClient client = BridgeClient.builder("127.0.0.1", port).connect()) {
      AgentWelcome welcome = client.awaitWelcome(Duration.ofSeconds(10));
      assertThat(welcome.robotId()).isEqualTo("bench-arm-7");
      assertThat(welcome.limits().controlRateHz()).isEqualTo(200);
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
  void simDriverWithAnUnknownCameraIsOneLine() {
    assertThat(run("agent", "--driver", "sim", "--camera", "fisheye")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight agent: camera 'fisheye' is unknown, expected top-down, perspective or two-view");
    assertThat(SimAgentHost.render("perspective").camera())
        .isEqualTo(dev.foresight.sim.RenderSettings.Camera.PERSPECTIVE);
    assertThat(SimAgentHost.render("top-down"))
        .isEqualTo(dev.foresight.sim.RenderSettings.defaults());
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
    assertThat(BridgeTokens.resolve("none")).isEmpty();
    Path file = dir.resolve("token");
    Files.writeString(file, "  abc123\n");
    assertThat(BridgeTokens.resolve("file:" + file)).isEqualTo("abc123");
    assertThatThrownBy(() -> BridgeTokens.resolve("file:" + dir.resolve("absent")))
        .hasMessageContaining("bridge.tokenSource: cannot read")
        .hasMessageContaining("absent");
    assertThatThrownBy(() -> BridgeTokens.resolve("env:FORESIGHT_TEST_UNSET_TOKEN_VARIABLE"))
        .hasMessage(
            "bridge.tokenSource: environment variable FORESIGHT_TEST_UNSET_TOKEN_VARIABLE is not"
                + " set, expected the token");
  }
}
