package dev.foresight.bridge;

import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArmDriver} for a ROS arm driven by end-effector velocity, e.g. MoveIt Servo: every
 * control tick publishes a {@code geometry_msgs/TwistStamped} in the base frame whose velocity
 * moves the end effector from where it is to the tick's setpoint within one control period; {@link
 * #hold()} publishes a zero twist.
 *
 * <p>Where the end effector is: the newest {@code geometry_msgs/PoseStamped} on the measured-pose
 * topic when one has arrived (a robot state publisher or a tf-to-pose relay), otherwise the last
 * commanded setpoint (open loop, starting at {@code initialEePoseInBase}). Angular velocity is the
 * roll/pitch/yaw difference over the period, which is the body rate for the small per-tick
 * rotations the safety filter allows. The gripper is not driven over this topic; its state is the
 * last commanded value.
 */
public final class RosTwistArmDriver implements ArmDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RosTwistArmDriver.class);

  /** MoveIt Servo's default twist input topic. */
  public static final String DEFAULT_TWIST_TOPIC = "servo_server/delta_twist_cmds";

  private final RosNode node;
  private final boolean ownsNode;
  private final RosPublisher<TwistStamped> twists;
  private final String frameId;
  private final double periodSeconds;
  private final double[] commanded = new double[6];
  private volatile PoseStamped measured;
  private double gripper;
  private int sequence;
  private long twistsPublished;
  private long holds;

  /**
   * Publishes on {@code twistTopic} through {@code node}.
   *
   * @param node the ROS node to publish and subscribe with
   * @param ownsNode whether {@link #close()} closes the node
   * @param twistTopic topic of the twists (resolved in the node's namespace)
   * @param measuredPoseTopic topic of the measured end-effector pose, or null for open loop
   * @param frameId frame of the twists, the robot base frame
   * @param controlRateHz the agent's control rate ({@code robot.controlRateHz})
   * @param initialEePoseInBase where the end effector is assumed to start
   * @param initialGripper the gripper's starting value
   */
  public RosTwistArmDriver(
      RosNode node,
      boolean ownsNode,
      String twistTopic,
      String measuredPoseTopic,
      String frameId,
      double controlRateHz,
      Pose initialEePoseInBase,
      double initialGripper) {
    if (!(controlRateHz > 0)) {
      throw new IllegalArgumentException(
          "control rate " + controlRateHz + " Hz is invalid, expected a positive rate");
    }
    this.node = node;
    this.ownsNode = ownsNode;
    this.frameId = frameId;
    this.periodSeconds = 1 / controlRateHz;
    this.twists = node.advertise(Topic.of(twistTopic, TwistStamped.TYPE), false, 10);
    if (measuredPoseTopic != null) {
      node.subscribe(Topic.of(measuredPoseTopic, PoseStamped.TYPE), pose -> measured = pose);
    }
    commanded[0] = initialEePoseInBase.x();
    commanded[1] = initialEePoseInBase.y();
    commanded[2] = initialEePoseInBase.z();
    commanded[3] = initialEePoseInBase.roll();
    commanded[4] = initialEePoseInBase.pitch();
    commanded[5] = initialEePoseInBase.yaw();
    this.gripper = initialGripper;
  }

  @Override
  public String name() {
    return "ros";
  }

  /** The resolved twist topic. */
  public String twistTopic() {
    return twists.topic().name();
  }

  @Override
  public ArmState state() {
    return new ArmState(System.nanoTime(), currentPose(), gripper);
  }

  private Pose currentPose() {
    PoseStamped pose = measured;
    if (pose == null) {
      return new Pose(
          commanded[0], commanded[1], commanded[2], commanded[3], commanded[4], commanded[5]);
    }
    var p = pose.pose().position();
    double[] rpy = rollPitchYaw(pose.pose().orientation());
    return new Pose(p.x(), p.y(), p.z(), rpy[0], rpy[1], rpy[2]);
  }

  @Override
  public void command(Setpoint setpoint) {
    double fromX, fromY, fromZ, fromRoll, fromPitch, fromYaw;
    PoseStamped pose = measured;
    if (pose == null) {
      fromX = commanded[0];
      fromY = commanded[1];
      fromZ = commanded[2];
      fromRoll = commanded[3];
      fromPitch = commanded[4];
      fromYaw = commanded[5];
    } else {
      Pose now = currentPose();
      fromX = now.x();
      fromY = now.y();
      fromZ = now.z();
      fromRoll = now.roll();
      fromPitch = now.pitch();
      fromYaw = now.yaw();
    }
    double inv = 1 / periodSeconds;
    publish(
        new Vector3(
            (setpoint.x() - fromX) * inv,
            (setpoint.y() - fromY) * inv,
            (setpoint.z() - fromZ) * inv),
        new Vector3(
            angle(setpoint.roll() - fromRoll) * inv,
            angle(setpoint.pitch() - fromPitch) * inv,
            angle(setpoint.yaw() - fromYaw) * inv));
    commanded[0] = setpoint.x();
    commanded[1] = setpoint.y();
    commanded[2] = setpoint.z();
    commanded[3] = setpoint.roll();
    commanded[4] = setpoint.pitch();
    commanded[5] = setpoint.yaw();
    gripper = setpoint.gripper();
    twistsPublished++;
  }

  @Override
  public void hold() {
    publish(Vector3.ZERO, Vector3.ZERO);
    holds++;
    LOG.debug("hold: zero twist on {}", twists.topic().name());
  }

  private void publish(Vector3 linear, Vector3 angular) {
    Header header = Header.of(sequence++, System.currentTimeMillis() * 1_000_000L, frameId);
    twists.publish(new TwistStamped(header, new Twist(linear, angular)));
  }

  /** Wraps an angle difference into [-π, π]. */
  private static double angle(double radians) {
    return Math.IEEEremainder(radians, 2 * Math.PI);
  }

  /** Roll, pitch, yaw (fixed axes x, y, z, as ROS's {@code getRPY}) of a unit quaternion, rad. */
  static double[] rollPitchYaw(Quaternion q) {
    double roll =
        Math.atan2(2 * (q.w() * q.x() + q.y() * q.z()), 1 - 2 * (q.x() * q.x() + q.y() * q.y()));
    double pitch = Math.asin(Math.max(-1, Math.min(1, 2 * (q.w() * q.y() - q.z() * q.x()))));
    double yaw =
        Math.atan2(2 * (q.w() * q.z() + q.x() * q.y()), 1 - 2 * (q.y() * q.y() + q.z() * q.z()));
    return new double[] {roll, pitch, yaw};
  }

  @Override
  public void close() {
    LOG.info(
        "ros driver: {} twists published on {}, {} holds",
        twistsPublished,
        twists.topic().name(),
        holds);
    if (ownsNode) {
      node.close();
    } else {
      twists.close();
    }
  }
}
