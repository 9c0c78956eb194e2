package dev.foresight.bridge.ros;

import dev.foresight.core.Pose;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.RosSubscriber;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.TwistStamped;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ROS arm for driver tests, as a servo node behaves: on a node of its own it subscribes the
 * driver's twists and applies each for one control period to its end-effector pose, and on another
 * it publishes that pose every 5 ms on the measured-pose topic. One thread applies the twists and
 * publishes the poses, so they go out in order. Its twist subscriber can be stalled (it stops
 * reading, so what the driver sends backs up) and its pose topic silenced.
 */
final class TwistFollowingArm implements AutoCloseable {
  private static final long POSE_PERIOD_MILLIS = 5;

  private final RosNode twistNode;
  private final RosNode poseNode;
  private final RosSubscriber<TwistStamped> twists;
  private final RosPublisher<PoseStamped> poses;
  private final ScheduledExecutorService loop;
  private final String frameId;
  private final double periodSeconds;
  private final AtomicLong applied = new AtomicLong();
  private volatile Pose eePoseInBase;
  private volatile CountDownLatch stalled;
  private volatile boolean silent;
  private int poseSequence;

  private TwistFollowingArm(
      RosNode twistNode,
      RosNode poseNode,
      String twistTopic,
      String poseTopic,
      String frameId,
      Pose start,
      double periodSeconds) {
    this.twistNode = twistNode;
    this.poseNode = poseNode;
    this.frameId = frameId;
    this.periodSeconds = periodSeconds;
    this.eePoseInBase = start;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "twist-arm"));
    this.poses = poseNode.advertise(Topic.of(poseTopic, PoseStamped.TYPE), false, 100);
    this.twists = twistNode.subscribe(Topic.of(twistTopic, TwistStamped.TYPE), this::arrived);
    loop.scheduleAtFixedRate(this::publishPose, 0, POSE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the arm at {@code start} on two nodes named after {@code name}.
   *
   * @param periodSeconds the control period each twist is applied for, s
   */
  static TwistFollowingArm start(
      URI masterUri,
      String name,
      String twistTopic,
      String poseTopic,
      String frameId,
      Pose start,
      double periodSeconds)
      throws IOException, InterruptedException {
    RosNode twistNode = RosNode.start(RosNodeSettings.of(masterUri, name + "_twists", "127.0.0.1"));
    RosNode poseNode = RosNode.start(RosNodeSettings.of(masterUri, name + "_poses", "127.0.0.1"));
    return new TwistFollowingArm(
        twistNode, poseNode, twistTopic, poseTopic, frameId, start, periodSeconds);
  }

  /** Runs on the subscriber's I/O thread: while stalled it blocks there and reads nothing. */
  private void arrived(TwistStamped twist) {
    CountDownLatch stall = stalled;
    if (stall != null) {
      try {
        stall.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    loop.execute(() -> apply(twist));
  }

  /** p += v T; roll, pitch, yaw += ω T (the contract's arms turn little). */
  private void apply(TwistStamped twist) {
    var v = twist.twist().linear();
    var w = twist.twist().angular();
    Pose p = eePoseInBase;
    eePoseInBase =
        new Pose(
            p.x() + v.x() * periodSeconds,
            p.y() + v.y() * periodSeconds,
            p.z() + v.z() * periodSeconds,
            p.roll() + w.x() * periodSeconds,
            p.pitch() + w.y() * periodSeconds,
            p.yaw() + w.z() * periodSeconds);
    applied.incrementAndGet();
  }

  private void publishPose() {
    if (!silent) {
      poses.publish(
          new PoseStamped(
              Header.of(poseSequence++, System.currentTimeMillis() * 1_000_000L, frameId),
              PoseMessage.fromPose(eePoseInBase)));
    }
  }

  /** The arm's end-effector pose now. */
  Pose eePoseInBase() {
    return eePoseInBase;
  }

  /** Twists applied so far. */
  long applied() {
    return applied.get();
  }

  /** Publishers connected to the twist subscriber. */
  int connectedTwistPublishers() {
    return twists.connectedPublisherCount();
  }

  /** Stops reading twists until {@link #resume()}. */
  void stall() {
    stalled = new CountDownLatch(1);
  }

  /** Reads twists again. */
  void resume() {
    CountDownLatch stall = stalled;
    stalled = null;
    if (stall != null) {
      stall.countDown();
    }
  }

  /** Stops publishing the measured pose. */
  void silence() {
    silent = true;
  }

  @Override
  public void close() {
    resume();
    loop.shutdownNow();
    twistNode.close();
    poseNode.close();
  }
}
