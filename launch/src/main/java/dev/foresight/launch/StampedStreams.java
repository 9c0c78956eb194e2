package dev.foresight.launch;

import dev.foresight.core.Pose;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.TwistStamped;
import java.io.IOException;
import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The messages of one robot run (camera, end-effector pose, joint states, applied commands) turned
 * into {@link StepSampler} input, the same way for a bag ({@code foresight data import}) and for
 * live topics ({@code foresight record}), so that the same run gives the same dataset.
 *
 * <p>Each message is timed by its header stamp (its receive time when the stamp is zero), not by
 * when a recorder happened to receive it: two recorders of one run see the same stamps. Messages
 * are put in stamp order across topics through a window of {@link #REORDER_NANOS} (topics arrive
 * with different latencies); a message older than what already left the window is dropped and
 * counted. On one topic, a stamp more than half a step before the previous one is a clock jump and
 * fails the run.
 */
final class StampedStreams {
  /** Time messages wait for older ones on other topics, ns. */
  static final long REORDER_NANOS = 300_000_000L;

  /** The gripper's joint name in {@code sensor_msgs/JointState}. */
  static final String GRIPPER_JOINT = PerceptionNode.GRIPPER_JOINT;

  private enum Kind {
    CAMERA,
    POSE,
    GRIPPER,
    COMMAND,
    BOUNDARY
  }

  private record Item(Kind kind, long timeNanos, long sequence, Object value) {}

  private final StepSampler sampler;
  private final BagFrames frames;
  private final String source;
  private final long halfPeriodNanos;
  private final String[] topics;
  private final long[] latest = new long[Kind.values().length];
  private final PriorityQueue<Item> window =
      new PriorityQueue<>(
          Comparator.comparingLong(Item::timeNanos).thenComparingLong(Item::sequence));
  private long sequence;
  private long newest = Long.MIN_VALUE;
  private long released = Long.MIN_VALUE;
  private long late;

  /**
   * @param sampler receives the ordered stream
   * @param frames makes frames of camera images
   * @param source the bag being read, or null for live topics; starts error messages
   * @param periodNanos the sampler's step period
   * @param camera camera topic, for errors
   * @param pose pose topic, for errors
   * @param joints joint state topic, for errors
   * @param command command topic, for errors
   */
  StampedStreams(
      StepSampler sampler,
      BagFrames frames,
      String source,
      long periodNanos,
      String camera,
      String pose,
      String joints,
      String command) {
    this.sampler = sampler;
    this.frames = frames;
    this.source = source;
    this.halfPeriodNanos = periodNanos / 2;
    this.topics = new String[] {camera, pose, joints, command, "episode boundary"};
    java.util.Arrays.fill(latest, Long.MIN_VALUE);
  }

  /** The time a message counts at: its stamp, or {@code receiveNanos} for a zero stamp. */
  static long time(Header header, long receiveNanos) {
    long stamp = header.stamp().toNanos();
    return stamp != 0 ? stamp : receiveNanos;
  }

  /** A camera image. */
  void image(ImageMessage message, long receiveNanos) throws IOException {
    long t = time(message.header(), receiveNanos);
    add(Kind.CAMERA, t, frames.frame(source, topics[0], t, message));
  }

  /** A JPEG or PNG camera image. */
  void image(CompressedImage message, long receiveNanos) throws IOException {
    long t = time(message.header(), receiveNanos);
    add(Kind.CAMERA, t, frames.frame(source, topics[0], t, message));
  }

  /** An end-effector pose in the robot base frame. */
  void pose(PoseStamped message, long receiveNanos) throws IOException {
    double[] rpy = message.pose().orientation().toRollPitchYaw();
    var p = message.pose().position();
    add(
        Kind.POSE,
        time(message.header(), receiveNanos),
        new Pose(p.x(), p.y(), p.z(), rpy[0], rpy[1], rpy[2]));
  }

  /** Joint states; only the gripper joint is used, a message without it is skipped. */
  void joints(JointState message, long receiveNanos) throws IOException {
    for (int i = 0; i < message.name().length && i < message.position().length; i++) {
      if (message.name()[i].equals(GRIPPER_JOINT)) {
        add(Kind.GRIPPER, time(message.header(), receiveNanos), message.position()[i]);
        return;
      }
    }
  }

  /** An applied command (m/s, rad/s). */
  void command(TwistStamped message, long receiveNanos) throws IOException {
    var linear = message.twist().linear();
    var angular = message.twist().angular();
    add(
        Kind.COMMAND,
        time(message.header(), receiveNanos),
        new double[] {linear.x(), linear.y(), linear.z(), angular.x(), angular.y(), angular.z()});
  }

  /**
   * Ends the open episode after every message received so far (an episode-boundary message, which
   * has no stamp of its own): at the newest stamp seen, so that it does not depend on the clock of
   * whoever received it.
   */
  void boundary() throws IOException {
    if (newest != Long.MIN_VALUE) {
      add(Kind.BOUNDARY, newest, null);
    }
  }

  /**
   * Feeds the waiting messages up to the newest episode boundary among them to the sampler, without
   * waiting for messages {@link #REORDER_NANOS} newer (live topics whose stamps stopped, e.g. a
   * simulation clock at rest). Messages stamped before it that come later are late.
   */
  void releaseBoundary() throws IOException {
    long boundary = Long.MIN_VALUE;
    for (Item item : window) {
      if (item.kind() == Kind.BOUNDARY) {
        boundary = Math.max(boundary, item.timeNanos());
      }
    }
    if (boundary != Long.MIN_VALUE) {
      release(boundary);
    }
  }

  /** Feeds every waiting message to the sampler and ends its open episode. */
  void finish() throws IOException {
    release(Long.MAX_VALUE);
    sampler.finish();
  }

  /** Messages dropped because they came later than {@link #REORDER_NANOS} after newer ones. */
  long lateCount() {
    return late;
  }

  private void add(Kind kind, long timeNanos, Object value) throws IOException {
    long previous = latest[kind.ordinal()];
    if (previous != Long.MIN_VALUE && previous - timeNanos > halfPeriodNanos) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%sthe clock jumps back by %.3f s on %s, expected stamps that never decrease by"
                  + " more than half a step (%.3f s)",
              source == null ? "" : source + ": ",
              (previous - timeNanos) / 1e9,
              topics[kind.ordinal()],
              halfPeriodNanos / 1e9));
    }
    latest[kind.ordinal()] = Math.max(previous, timeNanos);
    if (timeNanos < released) {
      late++;
      return;
    }
    window.add(new Item(kind, timeNanos, sequence++, value));
    newest = Math.max(newest, timeNanos);
    release(newest - REORDER_NANOS);
  }

  private void release(long upToNanos) throws IOException {
    while (!window.isEmpty() && window.peek().timeNanos() <= upToNanos) {
      Item item = window.poll();
      released = item.timeNanos();
      long t = item.timeNanos();
      switch (item.kind()) {
        case CAMERA -> sampler.frame(t, (byte[]) item.value());
        case POSE -> sampler.pose(t, (Pose) item.value());
        case GRIPPER -> sampler.gripper(t, (Double) item.value());
        case COMMAND -> sampler.command(t, (double[]) item.value());
        case BOUNDARY -> sampler.boundary(t);
      }
    }
  }
}
