package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.ArmDriverContract;
import dev.foresight.bridge.ArmDriverException;
import dev.foresight.bridge.TestSupport;
import dev.foresight.bridge.ros.RosTwistArmDriver;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Publisher;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Subscriber;
import dev.foresight.ros2.Ros2Topic;
import dev.foresight.ros2.msg.PoseStamped;
import dev.foresight.ros2.msg.TwistStamped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;

/**
 * The arm-driver contract on the agent node's ROS 2 twist driver in closed loop: a ROS 2 peer arm
 * applies the driver's {@code TwistStamped}s for one control period each and publishes the measured
 * pose the driver reads, both over DDS on a test domain.
 */
class Ros2TwistArmDriverContractTest extends ArmDriverContract {
  private static final String FRAME = "base_link";
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** The bridge tests' arm with a measured pose up to 1 s old (the peer publishes every 5 ms). */
  private static final RobotProfile PROFILE = withMeasuredStateMaxAge(Duration.ofSeconds(1));

  private TwistFollowingArm arm;
  private Ros2Transport transport;
  private RosTwistArmDriver twistDriver;

  @Override
  protected ArmDriver open() throws Exception {
    CppDdsPeer.build(); // skips where the Fast-DDS tools are missing, as the other ROS 2 tests
    int domain = CppDdsPeer.nextDomain();
    int n = RUNS.incrementAndGet();
    String twistTopic = "/contract" + n + "/twist";
    String poseTopic = "/contract" + n + "/pose";
    arm = new TwistFollowingArm(domain, twistTopic, poseTopic, PROFILE.controlPeriodSeconds());
    transport =
        new Ros2Transport(Ros2Node.start(new Ros2NodeSettings("driver" + n, "/", domain)), true);
    twistDriver =
        new RosTwistArmDriver(
            new TransportTwistChannel(transport, twistTopic),
            poseTopic,
            FRAME,
            PROFILE,
            TestSupport.START,
            0);
    assertThat(
            TestSupport.await(
                WAIT, () -> arm.twists.matchedPublishers() == 1 && followsTheArm(twistDriver)))
        .as("twist and pose topics matched")
        .isTrue();
    return twistDriver;
  }

  @AfterEach
  void closeArm() {
    arm.close();
    transport.close();
  }

  @Override
  protected RobotProfile profile() {
    return PROFILE;
  }

  @Override
  protected void settle(ArmDriver driver) throws Exception {
    long sent = twistDriver.twistsSent();
    assertThat(
            TestSupport.await(WAIT, () -> arm.applied.get() >= sent && followsTheArm(twistDriver)))
        .as("the arm applied %d twists and the driver read its pose", sent)
        .isTrue();
  }

  private boolean followsTheArm(RosTwistArmDriver driver) {
    try {
      return distance(driver.state().eePoseInBase(), arm.eePoseInBase) < 1e-12;
    } catch (ArmDriverException e) {
      return false; // no pose yet
    }
  }

  @Override
  protected void stallConsumer() {
    arm.stalled = new CountDownLatch(1);
  }

  @Override
  protected void resumeConsumer() {
    arm.resume();
  }

  @Override
  protected boolean silenceMeasuredState() {
    arm.silent = true;
    return true;
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

  /**
   * A ROS 2 arm as a servo node behaves: it applies each twist for one control period to its
   * end-effector pose and publishes that pose every 5 ms, on one thread so they go out in order.
   * Its twist subscription can be stalled and its pose topic silenced.
   */
  private static final class TwistFollowingArm implements AutoCloseable {
    private final Ros2Node node;
    private final Ros2Subscriber<TwistStamped> twists;
    private final Ros2Publisher<PoseStamped> poses;
    private final ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ros2-twist-arm"));
    private final double periodSeconds;
    private final AtomicLong applied = new AtomicLong();
    private volatile Pose eePoseInBase = TestSupport.START;
    private volatile CountDownLatch stalled;
    private volatile boolean silent;

    TwistFollowingArm(int domain, String twistTopic, String poseTopic, double periodSeconds) {
      this.periodSeconds = periodSeconds;
      this.node = Ros2Node.start(new Ros2NodeSettings("arm", "/", domain));
      this.poses =
          node.createPublisher(
              Ros2Topic.of(poseTopic, PoseStamped.TYPE), Ros2Qos.RELIABLE.withDepth(100));
      this.twists =
          node.createSubscriber(
              Ros2Topic.of(twistTopic, TwistStamped.TYPE),
              Ros2Qos.RELIABLE.withDepth(100),
              this::arrived);
      loop.scheduleAtFixedRate(this::publishPose, 0, 5, TimeUnit.MILLISECONDS);
    }

    /** On the DDS thread: while stalled it blocks there and takes nothing. */
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
      var v = twist.linear();
      var w = twist.angular();
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
        PoseMessage pose = PoseMessage.fromPose(eePoseInBase);
        poses.publish(
            Ros2Messages.toRos2(
                new dev.foresight.ros.msg.PoseStamped(
                    dev.foresight.ros.msg.Header.of(
                        0, System.currentTimeMillis() * 1_000_000L, FRAME),
                    pose)));
      }
    }

    void resume() {
      CountDownLatch stall = stalled;
      stalled = null;
      if (stall != null) {
        stall.countDown();
      }
    }

    @Override
    public void close() {
      resume();
      loop.shutdownNow();
      node.close();
    }
  }
}
