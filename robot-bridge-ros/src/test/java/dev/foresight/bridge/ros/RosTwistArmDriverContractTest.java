package dev.foresight.bridge.ros;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.ArmDriverContract;
import dev.foresight.bridge.ArmDriverException;
import dev.foresight.bridge.TestSupport;
import dev.foresight.config.RobotProfile;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.tools.RosTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arm-driver contract on the ROS twist driver in closed loop, over a real roscore: a peer arm
 * ({@link TwistFollowingArm}) applies the driver's twists and publishes the measured pose the
 * driver reads.
 */
class RosTwistArmDriverContractTest extends ArmDriverContract {
  private static final String FRAME = "base_link";

  /**
   * The bridge tests' arm with a measured pose up to 1 s old: the peer publishes every 5 ms, so
   * only a silenced topic, not a loaded machine, makes it stale.
   */
  private static final RobotProfile PROFILE = withMeasuredStateMaxAge(Duration.ofSeconds(1));

  private static final AtomicInteger RUNS = new AtomicInteger();

  @TempDir static Path work;
  private static RosTools ros;
  private TwistFollowingArm arm;
  private RosTwistArmDriver twistDriver;

  @BeforeAll
  static void startCore() throws Exception {
    ros = RosTools.startCore(work, Map.of());
  }

  @AfterAll
  static void stopCore() {
    ros.close();
  }

  @Override
  protected ArmDriver open() throws Exception {
    int n = RUNS.incrementAndGet();
    String twistTopic = "/contract" + n + "/twist";
    String poseTopic = "/contract" + n + "/pose";
    arm =
        TwistFollowingArm.start(
            ros.masterUri(),
            "arm" + n,
            twistTopic,
            poseTopic,
            FRAME,
            TestSupport.START,
            PROFILE.controlPeriodSeconds());
    RosNode node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "driver" + n, "127.0.0.1"));
    twistDriver =
        new RosTwistArmDriver(
            node, true, twistTopic, poseTopic, FRAME, PROFILE, TestSupport.START, 0);
    assertThat(
            TestSupport.await(
                WAIT, () -> arm.connectedTwistPublishers() == 1 && followsTheArm(twistDriver)))
        .as("twist and pose topics connected")
        .isTrue();
    return twistDriver;
  }

  private static RobotProfile withMeasuredStateMaxAge(Duration maxAge) {
    RobotProfile p = TestSupport.PROFILE;
    return new RobotProfile(
        p.robotId(),
        p.workspaceInBase(),
        p.maxEeSpeedMps(),
        p.maxStepM(),
        p.maxRotationStepRad(),
        p.gripperMin(),
        p.gripperMax(),
        p.controlRateHz(),
        p.watchdogTimeout(),
        p.collaborative(),
        maxAge,
        p.maxTrackingErrorM(),
        p.maxTrackingErrorRad());
  }

  @Override
  protected RobotProfile profile() {
    return PROFILE;
  }

  @AfterEach
  void closeArm() {
    arm.close();
  }

  /** Waits until the arm applied every twist sent and the driver's state shows the result. */
  @Override
  protected void settle(ArmDriver driver) throws Exception {
    long sent = twistDriver.twistsSent();
    assertThat(TestSupport.await(WAIT, () -> arm.applied() >= sent && followsTheArm(twistDriver)))
        .as("the arm applied %d twists and the driver read its pose", sent)
        .isTrue();
  }

  private boolean followsTheArm(RosTwistArmDriver driver) {
    try {
      return distance(driver.state().eePoseInBase(), arm.eePoseInBase()) < 1e-12;
    } catch (ArmDriverException e) {
      return false; // no pose yet
    }
  }

  @Override
  protected void stallConsumer() {
    arm.stall();
  }

  @Override
  protected void resumeConsumer() {
    arm.resume();
  }

  @Override
  protected boolean silenceMeasuredState() {
    arm.silence();
    return true;
  }
}
