package dev.foresight.bridge.ros;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.ArmDriverContract;
import dev.foresight.bridge.ArmDriverException;
import dev.foresight.bridge.TestSupport;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.tools.RosTools;
import java.nio.file.Path;
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
            TestSupport.PROFILE.controlPeriodSeconds());
    RosNode node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "driver" + n, "127.0.0.1"));
    twistDriver =
        new RosTwistArmDriver(
            node, true, twistTopic, poseTopic, FRAME, TestSupport.PROFILE, TestSupport.START, 0);
    assertThat(
            TestSupport.await(
                WAIT, () -> arm.connectedTwistPublishers() == 1 && followsTheArm(twistDriver)))
        .as("twist and pose topics connected")
        .isTrue();
    return twistDriver;
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
