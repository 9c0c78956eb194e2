package dev.foresight.bridge.ros;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.foresight.bridge.ArmDriverException;
import dev.foresight.bridge.Setpoint;
import dev.foresight.bridge.TestSupport;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.RosSubscriber;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.Point;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.tools.RosTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twist driver attacked from its measured-pose topic, over a real roscore: whatever the pose
 * does (stand still while the arm is commanded, jump, go silent, turn NaN, change frame, replay an
 * old message), no twist leaves above the profile's speed and rotation-rate limits, and a pose that
 * cannot be trusted ends in a zero twist and a refusal that stops the agent.
 */
class RosTwistArmDriverLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** 250 Hz, 0.5 m/s, 2 rad/s; measured pose at most 100 ms old; tracking error 5 cm, 0.3 rad. */
  private static final RobotProfile PROFILE =
      new RobotProfile(
          "test-arm",
          TestSupport.PROFILE.workspaceInBase(),
          0.5,
          0.05,
          0.2,
          0.0,
          1.0,
          250,
          Duration.ofMillis(100),
          false,
          Duration.ofMillis(100),
          0.05,
          0.3);

  private static final double MAX_SPEED = PROFILE.effectiveSpeedLimitMps();
  private static final double MAX_RATE = PROFILE.effectiveRotationLimitRadPerS();
  private static final Pose START = TestSupport.START;

  @TempDir static Path work;
  private static RosTools ros;
  private static RosNode probe;
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private final ConcurrentLinkedQueue<TwistStamped> twists = new ConcurrentLinkedQueue<>();
  private RosTwistArmDriver driver;
  private RosPublisher<PoseStamped> poses;
  private RosSubscriber<TwistStamped> twistSubscriber;
  private final Setpoint setpoint = new Setpoint();
  private int poseSequence;

  @BeforeAll
  static void startCore() throws Exception {
    ros = RosTools.startCore(work, Map.of());
    probe = RosNode.start(RosNodeSettings.of(ros.masterUri(), "probe", "127.0.0.1"));
  }

  @AfterAll
  static void stopCore() {
    probe.close();
    ros.close();
  }

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
    if (poses != null) {
      poses.close();
    }
    if (twistSubscriber != null) {
      twistSubscriber.close();
    }
  }

  /** A driver on its own node with fresh topics, connected both ways, the pose at START. */
  private void connect() throws Exception {
    int n = TOPICS.incrementAndGet();
    String twistTopic = "/limits" + n + "/twist";
    String poseTopic = "/limits" + n + "/pose";
    twistSubscriber = probe.subscribe(Topic.of(twistTopic, TwistStamped.TYPE), twists::add);
    poses = probe.advertise(Topic.of(poseTopic, PoseStamped.TYPE), false, 100);
    RosNode node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "driver" + n, "127.0.0.1"));
    driver =
        new RosTwistArmDriver(node, true, twistTopic, poseTopic, "base_link", PROFILE, START, 0);
    assertThat(
            await(
                WAIT,
                () -> {
                  publishPose(START, "base_link");
                  return twistSubscriber.connectedPublisherCount() == 1 && poseIs(START.x());
                }))
        .as("pose and twist topics connected")
        .isTrue();
  }

  private boolean poseIs(double x) {
    try {
      return driver.state().eePoseInBase().x() == x;
    } catch (ArmDriverException e) {
      return false;
    }
  }

  private void publishPose(Pose pose, String frame) {
    publishPose(
        new PoseMessage(
            new Point(pose.x(), pose.y(), pose.z()),
            Quaternion.fromRollPitchYaw(pose.roll(), pose.pitch(), pose.yaw())),
        frame,
        System.currentTimeMillis() * 1_000_000L);
  }

  private void publishPose(PoseMessage pose, String frame, long stampNanos) {
    poses.publish(new PoseStamped(Header.of(poseSequence++, stampNanos, frame), pose));
  }

  /** Commands one setpoint; returns the driver's refusal, or null. */
  private ArmDriverException command(Pose target) {
    TestSupport.setSetpoint(setpoint, 0, System.nanoTime(), target, 0, 0);
    try {
      driver.command(setpoint);
      return null;
    } catch (ArmDriverException e) {
      return e;
    }
  }

  private static double speed(TwistStamped t) {
    var v = t.twist().linear();
    return Math.sqrt(v.x() * v.x() + v.y() * v.y() + v.z() * v.z());
  }

  private static double rate(TwistStamped t) {
    var w = t.twist().angular();
    return Math.sqrt(w.x() * w.x() + w.y() * w.y() + w.z() * w.z());
  }

  /** Waits until {@code count} twists arrived, then checks every one against the limits. */
  private List<TwistStamped> receivedWithinLimits(int count) throws InterruptedException {
    assertThat(await(WAIT, () -> twists.size() >= count)).as("%d twists arrived", count).isTrue();
    List<TwistStamped> all = new ArrayList<>(twists);
    assertThat(all)
        .allSatisfy(
            t -> {
              assertThat(speed(t)).isLessThanOrEqualTo(MAX_SPEED * (1 + 1e-9));
              assertThat(rate(t)).isLessThanOrEqualTo(MAX_RATE * (1 + 1e-9));
              assertThat(t.header().frameId()).isEqualTo("base_link");
            });
    return all;
  }

  private static boolean zero(TwistStamped t) {
    return speed(t) == 0 && rate(t) == 0;
  }

  @Test
  void aStillPoseWhileTheSetpointRunsAwayIsCappedThenFaults() throws Exception {
    connect();
    ArmDriverException refusal = null;
    int sent = 0;
    // The setpoint moves 2 mm per tick (0.5 m/s at 250 Hz) while the pose stays at START.
    for (int k = 1; k <= 100 && refusal == null; k++) {
      publishPose(START, "base_link");
      refusal = command(new Pose(START.x() + 0.002 * k, START.y(), START.z(), 0, 0, 0));
      sent++;
      Thread.sleep(4);
    }
    assertThat(refusal).as("the tracking error faults").isNotNull();
    assertThat(refusal.kind()).isEqualTo(ArmDriverException.Kind.FAULT);
    assertThat(refusal.getMessage()).contains("tracking error").contains("robot.maxTrackingErrorM");
    assertThat(sent).as("fault once 5 cm behind").isBetween(25, 27);
    List<TwistStamped> all = receivedWithinLimits(sent);
    assertThat(all.stream().filter(t -> speed(t) > 0.9 * MAX_SPEED).count())
        .as("the commanded twist saturates at the limit")
        .isGreaterThan(10);
    assertThat(zero(all.get(all.size() - 1))).as("the refusal published a zero twist").isTrue();
    assertThat(driver.twistsCapped()).isGreaterThan(10);
  }

  @Test
  void aJumpingPoseNeverProducesATwistAboveTheLimits() throws Exception {
    connect();
    // The pose jumps 4 cm and 0.25 rad back and forth each tick (within the tracking bounds);
    // uncapped, (setpoint - pose) / T would be 10 m/s and 62 rad/s.
    Pose away = new Pose(START.x() + 0.04, START.y(), START.z(), 0.25, 0, 0);
    int sent = 0;
    for (int k = 0; k < 60; k++) {
      publishPose(k % 2 == 0 ? away : START, "base_link");
      Thread.sleep(4);
      assertThat(command(START)).isNull();
      sent++;
    }
    List<TwistStamped> all = receivedWithinLimits(sent);
    assertThat(all.stream().filter(t -> speed(t) > 0.9 * MAX_SPEED).count())
        .as("twists against the jumped pose hit the cap")
        .isGreaterThan(5);
    // A jump beyond the tracking bound is a fault, with a zero twist.
    publishPose(new Pose(START.x() + 1.0, START.y(), START.z(), 0, 0, 0), "base_link");
    assertThat(await(WAIT, () -> poseIs(START.x() + 1.0))).isTrue();
    ArmDriverException refusal = command(START);
    assertThat(refusal).isNotNull();
    assertThat(refusal.kind()).isEqualTo(ArmDriverException.Kind.FAULT);
    List<TwistStamped> after = receivedWithinLimits(sent + 1);
    assertThat(zero(after.get(after.size() - 1))).isTrue();
  }

  @Test
  void aSilentPoseGivesAZeroTwistWithinTheConfiguredAge() throws Exception {
    connect();
    long lastPose = 0;
    for (int k = 0; k < 25; k++) {
      lastPose = System.nanoTime(); // before the publish: the pose cannot arrive earlier
      publishPose(START, "base_link");
      assertThat(command(START)).isNull();
      Thread.sleep(4);
    }
    ArmDriverException refusal = null;
    long refusedAt = 0;
    // The pose topic goes silent; the setpoint keeps moving away.
    for (int k = 1; k < 500 && refusal == null; k++) {
      refusal = command(new Pose(START.x() + 0.0005 * k, START.y(), START.z(), 0, 0, 0));
      refusedAt = System.nanoTime();
      Thread.sleep(4);
    }
    assertThat(refusal).isNotNull();
    assertThat(refusal.kind()).isEqualTo(ArmDriverException.Kind.STATE_STALE);
    assertThat(refusal.getMessage())
        .contains("ms old, expected at most robot.measuredStateMaxAgeMillis 100 ms");
    // Refused at the first tick after the age passed: the age (100 ms), plus the pose's
    // delivery, plus a tick and scheduling slack on a loaded machine.
    assertThat((refusedAt - lastPose) / 1e6).isBetween(100.0, 400.0);
    assertThat(
            await(
                WAIT,
                () -> {
                  TwistStamped last = null;
                  for (TwistStamped t : twists) {
                    last = t;
                  }
                  return last != null && zero(last);
                }))
        .as("a zero twist went out")
        .isTrue();
    receivedWithinLimits(1);
  }

  @Test
  void aPoseInAnotherFrameOrNotFiniteIsRefusedAsStale() throws Exception {
    connect();
    publishPose(START, "world");
    assertThat(await(WAIT, () -> command(START) != null)).isTrue();
    ArmDriverException wrongFrame = command(START);
    assertThat(wrongFrame.kind()).isEqualTo(ArmDriverException.Kind.STATE_STALE);
    assertThat(wrongFrame.getMessage()).contains("in frame 'world', expected 'base_link'");
    publishPose(
        new PoseMessage(new Point(Double.NaN, 0, 0.2), Quaternion.IDENTITY),
        "base_link",
        System.currentTimeMillis() * 1_000_000L);
    assertThat(
            await(
                WAIT,
                () -> {
                  ArmDriverException e = command(START);
                  return e != null && e.getMessage().contains("expected finite numbers");
                }))
        .isTrue();
    publishPose(
        new PoseMessage(new Point(0.5, 0, 0.2), new Quaternion(0, 0, 0, 3)),
        "base_link",
        System.currentTimeMillis() * 1_000_000L);
    assertThat(
            await(
                WAIT,
                () -> {
                  ArmDriverException e = command(START);
                  return e != null && e.getMessage().contains("expected a unit quaternion");
                }))
        .isTrue();
    List<TwistStamped> all = receivedWithinLimits(1);
    assertThat(all).allSatisfy(t -> assertThat(zero(t)).isTrue());
  }

  @Test
  void aReplayedOlderPoseIsDropped() throws Exception {
    connect();
    long now = System.currentTimeMillis() * 1_000_000L;
    Pose moved = new Pose(START.x() + 0.01, START.y(), START.z(), 0, 0, 0);
    publishPose(PoseMessage.fromPose(moved), "base_link", now + 1_000_000_000L);
    assertThat(await(WAIT, () -> poseIs(moved.x()))).isTrue();
    // An older message (a replay) arrives after it: the newer pose stays.
    publishPose(PoseMessage.fromPose(START), "base_link", now);
    assertThat(await(WAIT, () -> driver.posesDropped() == 1)).isTrue();
    assertThat(driver.state().eePoseInBase().x()).isEqualTo(moved.x());
  }

  @Test
  void withoutAnyPoseTheStateIsStaleAndTheArmCannotArm() throws Exception {
    int n = TOPICS.incrementAndGet();
    RosNode node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "silent" + n, "127.0.0.1"));
    driver =
        new RosTwistArmDriver(
            node,
            true,
            "/silent" + n + "/twist",
            "/silent" + n + "/pose",
            "base_link",
            PROFILE,
            START,
            0);
    ArmDriverException e = catchThrowableOfType(ArmDriverException.class, driver::state);
    assertThat(e.kind()).isEqualTo(ArmDriverException.Kind.STATE_STALE);
    assertThat(command(START)).isNotNull();
  }
}
