package dev.foresight.bridge;

import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the bridge on loopback in one process: a client streams end-effector deltas at a fixed
 * rate to an agent driving the kinematic arm, and the agent's telemetry gives command latency,
 * drops and control-loop jitter. Client and agent share {@link System#nanoTime()}, so latency is
 * exact. A warm-up run on a separate agent comes first so the JIT does not skew the numbers.
 */
public final class BridgeBenchmark {

  /**
   * What to run.
   *
   * @param commandRateHz commands per second the client sends
   * @param duration how long the measured run streams
   * @param warmup how long the warm-up run streams (0 for none)
   * @param profile the arm profile (its control rate sets the agent's loop)
   * @param transport epoll or NIO
   * @param validity how long each command stays valid after sending
   * @param latency scheduling of the agent's I/O and control threads and of the client's sender and
   *     I/O threads
   */
  public record Settings(
      double commandRateHz,
      Duration duration,
      Duration warmup,
      RobotProfile profile,
      Transport transport,
      Duration validity,
      LatencyOptions latency) {
    /** Checks the rate and durations. */
    public Settings {
      if (!(commandRateHz > 0 && commandRateHz <= 100_000)) {
        throw new IllegalArgumentException(
            "bench rate: " + commandRateHz + " is out of range, expected (0, 100000] Hz");
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("bench seconds must be positive, got " + duration);
      }
      if (latency == null) {
        latency = LatencyOptions.NORMAL;
      }
    }
  }

  /**
   * The numbers of one run.
   *
   * @param sent commands the client sent
   * @param secondsStreamed actual streaming time, s
   * @param telemetry the agent's telemetry after the run
   * @param scheduling what the latency-critical threads got: agent I/O, control, client I/O, sender
   * @param gcCount garbage collections during the measured streaming
   * @param gcMillis time those collections took, ms (pauses and concurrent work together)
   * @param loadAverageStart the 1-minute load average when streaming began ({@code /proc/loadavg}),
   *     NaN when unknown
   * @param loadAverageEnd the 1-minute load average when streaming ended, NaN when unknown
   * @param stealPercent CPU time the hypervisor took from this virtual machine during the run, % of
   *     all CPU time ({@code /proc/stat}); NaN when unknown
   */
  public record Result(
      long sent,
      double secondsStreamed,
      AgentTelemetry telemetry,
      List<ThreadScheduling> scheduling,
      long gcCount,
      long gcMillis,
      double loadAverageStart,
      double loadAverageEnd,
      double stealPercent) {
    /** Commands that did not reach the arm's target: sent minus accepted. */
    public long dropped() {
      return sent - telemetry.commandsAccepted();
    }

    /** Commands sent but never seen by the agent. */
    public long lost() {
      return sent - telemetry.commandsReceived();
    }
  }

  private BridgeBenchmark() {}

  /** Runs the warm-up (if any) and the measured run; returns the measured run's numbers. */
  public static Result run(Settings settings) throws InterruptedException {
    if (!settings.warmup().isZero()) {
      runOnce(settings, settings.warmup());
    }
    return runOnce(settings, settings.duration());
  }

  private static Result runOnce(Settings settings, Duration duration) throws InterruptedException {
    RobotProfile profile = settings.profile();
    var box = profile.workspaceInBase();
    Pose centre =
        new Pose(
            (box.minX() + box.maxX()) / 2,
            (box.minY() + box.maxY()) / 2,
            (box.minZ() + box.maxZ()) / 2,
            0,
            0,
            0);
    AgentOptions options =
        AgentOptions.loopback(profile)
            .withTransport(settings.transport())
            .withLatency(settings.latency());
    try (RobotAgent agent = RobotAgent.start(options, new KinematicArmDriver(centre, 0));
        BridgeClient client =
            BridgeClient.builder("127.0.0.1", agent.port())
                .optClientId("bench")
                .optTransport(settings.transport())
                .optLatency(settings.latency())
                .connect()) {
      client.awaitWelcome(Duration.ofSeconds(10));
      client.rearm();
      long armDeadline = System.nanoTime() + 10_000_000_000L;
      while (!agent.controlLoop().isArmed() && System.nanoTime() < armDeadline) {
        Thread.sleep(1);
      }
      if (!agent.controlLoop().isArmed()) {
        throw new IllegalStateException("bench agent did not arm within 10 s");
      }
      CompletableFuture<ThreadScheduling> senderScheduling = new CompletableFuture<>();
      CompletableFuture<long[]> streamed = new CompletableFuture<>();
      long[] gcBefore = gcTotals();
      double loadStart = loadAverage();
      long[] cpuBefore = cpuTicks();
      Thread sender =
          new Thread(
              () -> {
                LatencyOptions latency = settings.latency();
                senderScheduling.complete(
                    latency.changesThreads()
                        ? RealtimeScheduling.applyToCurrentThread("client-sender", latency)
                        : RealtimeScheduling.read(
                            "client-sender", RealtimeScheduling.currentTid()));
                try {
                  streamed.complete(stream(settings, duration, client));
                } catch (Throwable e) {
                  streamed.completeExceptionally(e);
                }
              },
              "foresight-bench-sender");
      sender.setDaemon(true);
      sender.setPriority(Thread.MAX_PRIORITY);
      sender.start();
      long[] outcome;
      try {
        outcome = streamed.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("bench sender failed: " + e.getCause(), e.getCause());
      }
      long sent = outcome[0];
      double seconds = outcome[1] / 1e9;
      long[] gcAfter = gcTotals();
      double loadEnd = loadAverage();
      long[] cpuAfter = cpuTicks();
      double steal =
          cpuAfter[0] > cpuBefore[0]
              ? 100.0 * (cpuAfter[1] - cpuBefore[1]) / (cpuAfter[0] - cpuBefore[0])
              : Double.NaN;
      long drainDeadline = System.nanoTime() + 2_000_000_000L;
      while (agent.telemetry().commandsReceived() < sent && System.nanoTime() < drainDeadline) {
        Thread.sleep(1);
      }
      List<ThreadScheduling> scheduling = new ArrayList<>(agent.scheduling());
      scheduling.add(client.scheduling());
      scheduling.add(senderScheduling.join());
      return new Result(
          sent,
          seconds,
          agent.telemetry(),
          List.copyOf(scheduling),
          gcAfter[0] - gcBefore[0],
          gcAfter[1] - gcBefore[1],
          loadStart,
          loadEnd,
          steal);
    }
  }

  /**
   * Streams commands at the configured rate for {@code duration} from the calling thread.
   *
   * @return commands sent and nanoseconds streamed
   */
  private static long[] stream(Settings settings, Duration duration, BridgeClient client) {
    long period = Math.max(1, Math.round(1e9 / settings.commandRateHz()));
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long next = start;
    long sent = 0;
    long lastRearmCheck = start;
    // ±0.1 mm oscillation: stays in the workspace, never clamped.
    Action forward = new Action(0.0001, 0, 0, 0, 0, 0, 0);
    Action back = new Action(-0.0001, 0, 0, 0, 0, 0, 0);
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      if (now < next) {
        LockSupport.parkNanos(next - now);
        continue;
      }
      if (client.sendDelta((sent / 50) % 2 == 0 ? forward : back, settings.validity()) > 0) {
        sent++;
      }
      next += period;
      if (now - lastRearmCheck > 50_000_000L) {
        lastRearmCheck = now;
        AgentState state = client.latestState();
        if (state != null && state.mode() == AgentMode.AGENT_MODE_STOPPED) {
          client.rearm(); // after a watchdog trip on an overloaded machine; counted as a trip
        }
      }
    }
    return new long[] {sent, System.nanoTime() - start};
  }

  /** Collections and collection time so far, summed over the JVM's collectors. */
  private static long[] gcTotals() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** The 1-minute load average from {@code /proc/loadavg}, NaN where there is none. */
  static double loadAverage() {
    try {
      String text = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
      return Double.parseDouble(text.substring(0, text.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * All CPU time and the stolen part so far, in clock ticks, from the {@code cpu} line of {@code
   * /proc/stat}; zeros where there is none.
   */
  static long[] cpuTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
      String[] fields = line.trim().split("\\s+");
      long total = 0;
      // user nice system idle iowait irq softirq steal (guest time is inside user already)
      for (int i = 1; i <= 8 && i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
      return new long[] {total, steal};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** Prints a result as a few human-readable lines. */
  public static void print(Settings settings, Result result, PrintWriter out) {
    AgentTelemetry t = result.telemetry();
    out.printf(
        Locale.ROOT,
        "bridge bench: %.0f Hz commands for %.1f s over loopback (%s), agent control loop %.0f Hz,"
            + " kinematic driver%n",
        settings.commandRateHz(),
        result.secondsStreamed(),
        settings.transport().name(),
        settings.profile().controlRateHz());
    out.printf(
        Locale.ROOT,
        "commands: sent %d (%.0f/s), received %d, accepted %d, dropped %d (stale %d, out of order"
            + " %d, rejected %d, lost %d)%n",
        result.sent(),
        result.sent() / result.secondsStreamed(),
        t.commandsReceived(),
        t.commandsAccepted(),
        result.dropped(),
        t.droppedStale(),
        t.droppedOutOfOrder(),
        t.rejected(),
        result.lost());
    out.println("command->agent latency: " + percentiles(t.commandLatency()));
    out.printf(
        Locale.ROOT,
        "control loop jitter: %s; overruns %d of %d ticks%n",
        percentiles(t.loopJitter()),
        t.controlOverruns(),
        t.controlTicks());
    out.printf(
        Locale.ROOT,
        "load average %.2f at start, %.2f at end (%d CPUs), CPU steal %.1f %%; GC during the"
            + " run: %d collections, %d ms%n",
        result.loadAverageStart(),
        result.loadAverageEnd(),
        Runtime.getRuntime().availableProcessors(),
        result.stealPercent(),
        result.gcCount(),
        result.gcMillis());
    LatencyOptions latency = settings.latency();
    out.printf(
        Locale.ROOT,
        "scheduling requested: %s%s%s%n",
        latency.realtime() ? "SCHED_FIFO " + latency.realtimePriority() : "normal",
        latency.cpuList() != null ? ", CPUs " + latency.cpuList() : "",
        latency.controlSpin().isZero()
            ? ""
            : ", control spin " + latency.controlSpin().toNanos() / 1000 + " us");
    for (ThreadScheduling thread : result.scheduling()) {
      out.println("  " + thread.describe());
    }
    if (latency.realtime() && result.scheduling().stream().anyMatch(thread -> !thread.realtime())) {
      out.println(
          "real-time scheduling NOT in effect for every thread: the numbers above are at normal"
              + " priority where marked; "
              + RealtimeScheduling.advice(latency.realtimePriority()));
    }
    out.printf(
        Locale.ROOT,
        "watchdog trips %d, clamped commands %d, speed-limited ticks %d%n",
        t.watchdogTrips(),
        t.clamped(),
        t.speedLimitedTicks());
    out.flush();
  }

  /** "p50 …, p99 …, p99.9 …, max … (n=…)" with µs units. */
  public static String percentiles(LatencyHistogram histogram) {
    return String.format(
        Locale.ROOT,
        "p50 %s, p99 %s, p99.9 %s, max %s (n=%d)",
        micros(histogram.percentile(0.5)),
        micros(histogram.percentile(0.99)),
        micros(histogram.percentile(0.999)),
        micros(histogram.max()),
        histogram.count());
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.0f us", nanos / 1e3);
  }
}
