package dev.foresight.bridge;

import dev.foresight.bridge.v1.AgentMode;
import dev.foresight.bridge.v1.State;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
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
   */
  public record Settings(
      double commandRateHz,
      Duration duration,
      Duration warmup,
      RobotProfile profile,
      Transport transport,
      Duration validity) {
    /** Checks the rate and durations. */
    public Settings {
      if (!(commandRateHz > 0 && commandRateHz <= 100_000)) {
        throw new IllegalArgumentException(
            "bench rate: " + commandRateHz + " is out of range, expected (0, 100000] Hz");
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("bench seconds must be positive, got " + duration);
      }
    }
  }

  /**
   * The numbers of one run.
   *
   * @param sent commands the client sent
   * @param secondsStreamed actual streaming time, s
   * @param telemetry the agent's telemetry after the run
   */
  public record Result(long sent, double secondsStreamed, AgentTelemetry telemetry) {
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
    AgentOptions options = AgentOptions.loopback(profile).withTransport(settings.transport());
    try (RobotAgent agent = RobotAgent.start(options, new KinematicArmDriver(centre, 0));
        BridgeClient client =
            BridgeClient.builder("127.0.0.1", agent.port())
                .optClientId("bench")
                .optTransport(settings.transport())
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
          State state = client.latestState();
          if (state != null && state.getMode() == AgentMode.AGENT_MODE_STOPPED) {
            client.rearm(); // after a watchdog trip on an overloaded machine; counted as a trip
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long drainDeadline = System.nanoTime() + 2_000_000_000L;
      while (agent.telemetry().commandsReceived() < sent && System.nanoTime() < drainDeadline) {
        Thread.sleep(1);
      }
      return new Result(sent, seconds, agent.telemetry());
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
