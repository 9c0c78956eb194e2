package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How long the motion plans a segment to take, on a synthetic control clock: a lockstep client (the
 * next command a fixed reply time after the setpoint arrived) and streaming clients (commands at
 * their own rate, whatever the setpoint does).
 */
class SetpointMotionTest {
  private static final long MS = 1_000_000L;

  /** The control thread's ticks with the motion they drive; records when the setpoint arrived. */
  private static final class Ticks {
    final long periodNanos;
    final SetpointMotion motion;
    long now = 1_000_000_000L;
    long acceptedAt;
    long arrivedAt = -1;
    long sequence;

    Ticks(long periodNanos) {
      this.periodNanos = periodNanos;
      double seconds = periodNanos / 1e9;
      // 0.5 m/s and 1 rad/s: a 1 mm step takes at most a few ticks at the rates used here.
      this.motion = new SetpointMotion(new AgentTelemetry(), periodNanos, 0.5 * seconds, seconds);
      motion.restartAt(new double[] {0.5, 0, 0.2, 0, 0, 0, 0}, 0, 1, now);
    }

    private void tick() {
      now += periodNanos;
      motion.step(now);
      if (arrivedAt < 0 && Arrays.equals(motion.setpoint(), motion.target())) {
        arrivedAt = now;
      }
    }

    /**
     * Runs the ticks before {@code receivedNanos}, then the one that takes a command received then
     * (1 mm from the last one, alternately forwards and back). Returns the idle time before it: how
     * long the setpoint had been on the last target, 0 if it was still moving.
     */
    long command(long receivedNanos) {
      while (now + periodNanos < receivedNanos) {
        tick();
      }
      long idle = arrivedAt < 0 ? 0 : now + periodNanos - arrivedAt;
      sequence++;
      double[] target = {sequence % 2 == 0 ? 0.5 : 0.501, 0, 0.2, 0, 0, 0, 0};
      now += periodNanos;
      motion.accept(target, sequence, receivedNanos, now);
      acceptedAt = now;
      arrivedAt = -1;
      motion.step(now);
      return idle;
    }

    /** Ticks until the setpoint is on the target; returns the time from the command's tick. */
    long untilArrived() {
      while (arrivedAt < 0) {
        tick();
      }
      return arrivedAt - acceptedAt;
    }
  }

  /**
   * Segment times (accept to arrival) of a lockstep client over {@code replies.length} commands.
   */
  private static long[] lockstep(long periodNanos, long[] replies) {
    Ticks ticks = new Ticks(periodNanos);
    long[] segments = new long[replies.length];
    long received = ticks.now + replies[0];
    for (int i = 0; i < replies.length; i++) {
      ticks.command(received);
      segments[i] = ticks.untilArrived();
      received = ticks.arrivedAt + replies[(i + 1) % replies.length];
    }
    return segments;
  }

  private static long max(long[] values, int from, int to) {
    return Arrays.stream(values, from, to).max().orElseThrow();
  }

  private static double mean(long[] values, int from, int to) {
    return Arrays.stream(values, from, to).average().orElseThrow();
  }

  @Test
  void aLockstepClientsSegmentsDoNotCreep() {
    // A simulator at 120 Hz with 3 ms per step, a 500 Hz arm's client with 5 ms, and one whose
    // every fifth reply plans for 15 ms (the others 1 ms).
    long[][] cases = {
      {8_333_333, 3 * MS}, {2 * MS, 5 * MS}, {8_333_333, 15 * MS, MS, MS, MS, MS},
    };
    for (long[] c : cases) {
      long[] replies = Arrays.copyOfRange(c, 1, c.length);
      long[] all = new long[200];
      for (int i = 0; i < all.length; i++) {
        all[i] = replies[i % replies.length];
      }
      long[] segments = lockstep(c[0], all);
      String label = "period " + c[0] + " ns, replies " + Arrays.toString(replies) + " ns";
      long firstFew = max(segments, 1, 5);
      assertThat(max(segments, 150, 200)).as(label).isLessThan(2 * firstFew);
      assertThat(mean(segments, 150, 200)).as(label).isLessThanOrEqualTo(firstFew);
    }
  }

  @Test
  void aStreamingClientsSegmentsSpanItsCommandInterval() {
    // 50 Hz against a 500 Hz control loop.
    Ticks ticks = new Ticks(2 * MS);
    long start = ticks.now + 5 * MS;
    for (int k = 0; k < 100; k++) {
      long idle = ticks.command(start + k * 20 * MS);
      if (k >= 20) {
        assertThat(idle).as("idle before command %d", k).isLessThanOrEqualTo(2 * MS);
      }
    }
    // After the last command the setpoint takes about an interval to arrive, not one tick.
    assertThat(ticks.untilArrived()).isBetween(16 * MS, 24 * MS);
  }

  @Test
  void aStreamThatSlowsDownGetsLongerSegments() {
    Ticks ticks = new Ticks(2 * MS);
    long received = ticks.now + 5 * MS;
    long[] idle = new long[80];
    for (int k = 0; k < idle.length; k++) {
      idle[k] = ticks.command(received);
      received += k < 40 ? 100 * MS : 200 * MS;
    }
    // At 10 Hz and, after a few commands, at 5 Hz the setpoint moves until the next command.
    assertThat(max(idle, 20, 40)).isLessThanOrEqualTo(2 * MS);
    assertThat(max(idle, 60, 80)).isLessThanOrEqualTo(4 * MS);
    assertThat(ticks.untilArrived()).isBetween(180 * MS, 220 * MS);
  }

  @Test
  void aStreamWithJitterKeepsItsSmoothing() {
    // 20 Hz ± 3 ms at 250 Hz: most commands come before the setpoint arrived or just after.
    Random random = new Random(7);
    Ticks ticks = new Ticks(4 * MS);
    long start = ticks.now + 5 * MS;
    long[] idle = new long[200];
    for (int k = 0; k < idle.length; k++) {
      idle[k] = ticks.command(start + k * 50 * MS + random.nextInt(6_000_001) - 3 * MS);
    }
    assertThat(max(idle, 20, 200)).isLessThanOrEqualTo(8 * MS);
  }

  @Test
  void aClientThatStopsWaitingForArrivalGetsItsSmoothingBack() {
    Ticks ticks = new Ticks(2 * MS);
    long received = ticks.now + 5 * MS;
    for (int k = 0; k < 100; k++) {
      ticks.command(received);
      ticks.untilArrived();
      received = ticks.arrivedAt + 5 * MS;
    }
    // Now it streams at 20 Hz.
    long[] idle = new long[60];
    for (int k = 0; k < idle.length; k++) {
      idle[k] = ticks.command(received + k * 50 * MS);
    }
    assertThat(max(idle, 40, 60)).isLessThanOrEqualTo(4 * MS);
  }

  @Test
  void aLockstepClientThatPausesStaysBounded() {
    long[] replies = new long[200];
    Arrays.fill(replies, 4 * MS);
    for (int i = 49; i < replies.length; i += 50) {
      replies[i] = 2_000 * MS;
    }
    long[] segments = lockstep(2 * MS, replies);
    assertThat(max(segments, 150, 200)).isLessThan(2 * max(segments, 1, 5));
  }
}
