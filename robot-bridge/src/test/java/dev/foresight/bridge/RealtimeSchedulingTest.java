package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --realtime}: the agent's I/O and control threads really run under SCHED_FIFO when the
 * kernel allows it (checked in {@code /proc/self/task/TID/sched}, independently of the code under
 * test), only they do, and a refusal leaves them at normal priority with one warning line.
 */
class RealtimeSchedulingTest {
  private static final int PRIORITY = 50;

  @Test
  void agentThreadsRunUnderSchedFifoWhenPermitted() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
    assumeTrue(
        realtimePermitted(PRIORITY),
        "needs CAP_SYS_NICE or RLIMIT_RTPRIO >= " + PRIORITY + " and util-linux chrt");
    LatencyOptions latency = LatencyOptions.NORMAL.withRealtimePriority(PRIORITY);
    try (RobotAgent agent =
        RobotAgent.start(
            AgentOptions.loopback(TestSupport.PROFILE).withLatency(latency),
            new KinematicArmDriver(TestSupport.START, 0))) {
      List<ThreadScheduling> threads = agent.scheduling();
      assertThat(threads).extracting(ThreadScheduling::role).containsExactly("agent-io", "control");
      for (ThreadScheduling thread : threads) {
        assertThat(thread.problem()).as(thread.describe()).isNull();
        assertThat(thread.realtime()).as(thread.describe()).isTrue();
        // The kernel's own view of exactly that thread of this JVM.
        assertThat(comm(thread.tid())).startsWith("foresight-");
        assertThat(kernelPolicy(thread.tid())).isEqualTo(RealtimeScheduling.SCHED_FIFO);
        assertThat(thread.priority()).isEqualTo(PRIORITY);
      }
    }
    // Only those threads: the calling (test) thread keeps the normal policy.
    assertThat(kernelPolicy(RealtimeScheduling.currentTid()))
        .isEqualTo(RealtimeScheduling.SCHED_OTHER);
  }

  @Test
  void normalOptionsLeaveTheThreadsAtNormalPriority() {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
    try (RobotAgent agent =
        RobotAgent.start(
            AgentOptions.loopback(TestSupport.PROFILE),
            new KinematicArmDriver(TestSupport.START, 0))) {
      for (ThreadScheduling thread : agent.scheduling()) {
        assertThat(kernelPolicy(thread.tid())).isEqualTo(RealtimeScheduling.SCHED_OTHER);
        assertThat(thread.realtime()).isFalse();
        assertThat(thread.problem()).isNull();
      }
    }
  }

  @Test
  void refusedRealtimeWarnsOnceAndTheAgentKeepsRunning(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
    assumeTrue(onPath("chrt"), "needs util-linux chrt");
    // The real chrt, run without the right to raise priority: RLIMIT_RTPRIO 0 and, for root,
    // CAP_SYS_NICE dropped from the bounding set. The kernel itself refuses.
    Path chrt = dir.resolve("chrt-unprivileged");
    Files.writeString(
        chrt,
        "#!/bin/sh\n"
            + "ulimit -r 0 2>/dev/null\n"
            + "if command -v setpriv >/dev/null 2>&1"
            + " && setpriv --bounding-set -sys_nice true 2>/dev/null; then\n"
            + "  exec setpriv --bounding-set -sys_nice chrt \"$@\"\n"
            + "fi\n"
            + "exec chrt \"$@\"\n",
        StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(chrt, PosixFilePermissions.fromString("rwx------"));
    LatencyOptions latency =
        LatencyOptions.NORMAL.withRealtimePriority(PRIORITY).withChrtCommand(chrt.toString());
    try (TestSupport.LogCapture log = new TestSupport.LogCapture(RobotAgent.class);
        RobotAgent agent =
            RobotAgent.start(
                AgentOptions.loopback(TestSupport.PROFILE).withLatency(latency),
                new KinematicArmDriver(TestSupport.START, 0))) {
      for (ThreadScheduling thread : agent.scheduling()) {
        assertThat(thread.realtime()).as(thread.describe()).isFalse();
        assertThat(kernelPolicy(thread.tid())).isEqualTo(RealtimeScheduling.SCHED_OTHER);
        assertThat(thread.problem())
            .contains("SCHED_FIFO " + PRIORITY + " refused")
            .contains("Operation not permitted");
      }
      List<String> warnings =
          log.messages().stream()
              .filter(m -> m.startsWith("real-time scheduling not applied"))
              .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0))
          .contains("continuing at normal priority")
          .contains("ulimit -r " + PRIORITY)
          .contains("CPUSchedulingPolicy=fifo")
          .contains("cap_sys_nice");
      long ticks = agent.telemetry().controlTicks();
      assertThat(
              TestSupport.await(
                  Duration.ofSeconds(10), () -> agent.telemetry().controlTicks() > ticks + 10))
          .as("control loop keeps ticking at normal priority")
          .isTrue();
    }
  }

  @Test
  void aMissingChrtIsReportedNotThrown() {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
    ThreadScheduling result =
        RealtimeScheduling.applyToCurrentThread(
            "test",
            LatencyOptions.NORMAL
                .withRealtimePriority(PRIORITY)
                .withChrtCommand("/nonexistent/chrt"));
    assertThat(result.realtime()).isFalse();
    assertThat(result.problem()).contains("/nonexistent/chrt").contains("util-linux");
    assertThat(result.describe()).contains("SCHED_OTHER");
  }

  @Test
  void badOptionsAreRefusedWithTheValue() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LatencyOptions.NORMAL.withRealtimePriority(100))
        .hasMessageContaining("100")
        .hasMessageContaining("1-99");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LatencyOptions.NORMAL.withCpuList("two"))
        .hasMessageContaining("'two'");
  }

  /** The policy number in {@code /proc/self/task/TID/sched}. */
  private static int kernelPolicy(long tid) {
    try {
      String sched = Files.readString(Path.of("/proc/self/task/" + tid + "/sched"));
      Matcher m = Pattern.compile("(?m)^policy\\s*:\\s*(\\d+)").matcher(sched);
      assertThat(m.find()).as("policy line in /proc/self/task/%d/sched", tid).isTrue();
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new AssertionError("cannot read the scheduling of thread " + tid, e);
    }
  }

  private static String comm(long tid) throws IOException {
    return Files.readString(Path.of("/proc/self/task/" + tid + "/comm")).strip();
  }

  /** CAP_SYS_NICE in the effective set, or a real-time priority limit of at least {@code prio}. */
  private static boolean realtimePermitted(int prio) throws IOException {
    if (!onPath("chrt")) {
      return false;
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
        if ((caps & (1L << 23)) != 0) { // CAP_SYS_NICE
          return true;
        }
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

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
