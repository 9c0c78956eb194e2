package dev.foresight.bridge.ros;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.ArmDriverException;
import dev.foresight.bridge.Rotations;
import dev.foresight.bridge.Setpoint;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.ArmState;
import dev.foresight.core.LogText;
import dev.foresight.core.Pose;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArmDriver} for a ROS arm driven by end-effector velocity, e.g. MoveIt Servo: every
 * control tick publishes a {@code geometry_msgs/TwistStamped} in the base frame whose velocity
 * moves the end effector from where it is towards the tick's setpoint within one control period;
 * {@link #hold()} publishes a zero twist.
 *
 * <p>Where the end effector is: the newest {@code geometry_msgs/PoseStamped} on the measured-pose
 * topic (a robot state publisher or a tf-to-pose relay), or, without such a topic, the last
 * commanded setpoint (open loop, starting at {@code initialEePoseInBase}). The gripper is not
 * driven over this topic; its state is the last commanded value.
 *
 * <p>Limits at the output, whatever the measured pose does (it is the one input that can turn a
 * small setpoint step into a large velocity):
 *
 * <ul>
 *   <li>the linear speed is capped at the profile's speed limit and the angular speed (the true
 *       rotation rate, from quaternions) at its rotation-rate limit, scaling each vector along its
 *       direction;
 *   <li>a measured pose older than {@code robot.measuredStateMaxAgeMillis}, in a frame other than
 *       the base frame, not finite, or not a unit quaternion makes the driver publish a zero twist
 *       and refuse with a {@link ArmDriverException.Kind#STATE_STALE stale-state} stop; no pose at
 *       all yet counts as stale;
 *   <li>a tracking error (setpoint to measured pose) beyond {@code robot.maxTrackingErrorM} or
 *       {@code robot.maxTrackingErrorRad} — a blocked, lagging or frozen arm, a jumping pose —
 *       makes it publish a zero twist and refuse with a {@link ArmDriverException.Kind#FAULT
 *       fault};
 *   <li>a pose whose header stamp is older than the newest one accepted (a replayed or reordered
 *       message) is dropped.
 * </ul>
 */
public final class RosTwistArmDriver implements ArmDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RosTwistArmDriver.class);

  /** MoveIt Servo's default twist input topic. */
  public static final String DEFAULT_TWIST_TOPIC = "servo_server/delta_twist_cmds";

  /** How far a measured orientation's quaternion norm may be from 1. */
  private static final double UNIT_QUATERNION_TOLERANCE = 0.01;

  /** A measured pose and when it arrived ({@link System#nanoTime()}). */
  private record Measured(PoseStamped pose, long receivedNanos) {}

  private final TwistChannel twists;
  private final String measuredPoseTopic;
  private final String frameId;
  private final double periodSeconds;
  private final double maxSpeedMps;
  private final double maxRotationRateRadPerS;
  private final long maxStateAgeNanos;
  private final double maxTrackingErrorM;
  private final double maxTrackingErrorRad;
  private final Rotations rotations = new Rotations();
  private final double[] commanded = new double[6];
  private final double[] from = new double[6];
  private final double[] to = new double[6];
  private final double[] angular = new double[3];
  private final AtomicLong posesDropped = new AtomicLong();
  private volatile Measured measured;
  private double gripper;
  private int sequence;
  private long twistsSent;
  private long twistsPublished;
  private long twistsCapped;
  private long holds;
  private volatile boolean closed;

  /**
   * Publishes on {@code twistTopic} through {@code node}.
   *
   * @param node the ROS node to publish and subscribe with
   * @param ownsNode whether {@link #close()} closes the node
   * @param twistTopic topic of the twists (resolved in the node's namespace)
   * @param measuredPoseTopic topic of the measured end-effector pose, or null for open loop
   * @param frameId the robot base frame: of the twists, and required of measured poses
   * @param profile control rate, speed and rotation-rate limits, measured-state age and
   *     tracking-error bounds
   * @param initialEePoseInBase where the end effector is assumed to start in open loop
   * @param initialGripper the gripper's starting value
   */
  public RosTwistArmDriver(
      RosNode node,
      boolean ownsNode,
      String twistTopic,
      String measuredPoseTopic,
      String frameId,
      RobotProfile profile,
      Pose initialEePoseInBase,
      double initialGripper) {
    this(
        TwistChannel.ros1(node, ownsNode, twistTopic),
        measuredPoseTopic,
        frameId,
        profile,
        initialEePoseInBase,
        initialGripper);
  }

  /**
   * Publishes through {@code channel}, a ROS 1 node's or another transport's.
   *
   * @param channel where twists go and measured poses come from; closed by {@link #close()}
   * @param measuredPoseTopic topic of the measured end-effector pose, or null for open loop
   * @param frameId the robot base frame: of the twists, and required of measured poses
   * @param profile control rate, speed and rotation-rate limits, measured-state age and
   *     tracking-error bounds
   * @param initialEePoseInBase where the end effector is assumed to start in open loop
   * @param initialGripper the gripper's starting value
   */
  public RosTwistArmDriver(
      TwistChannel channel,
      String measuredPoseTopic,
      String frameId,
      RobotProfile profile,
      Pose initialEePoseInBase,
      double initialGripper) {
    if (frameId == null || frameId.isBlank()) {
      channel.close();
      throw new IllegalArgumentException("ros driver: the base frame id must not be blank");
    }
    this.twists = channel;
    this.frameId = frameId;
    this.periodSeconds = profile.controlPeriodSeconds();
    this.maxSpeedMps = profile.effectiveSpeedLimitMps();
    this.maxRotationRateRadPerS = profile.effectiveRotationLimitRadPerS();
    this.maxStateAgeNanos = profile.measuredStateMaxAge().toNanos();
    this.maxTrackingErrorM = profile.maxTrackingErrorM();
    this.maxTrackingErrorRad = profile.maxTrackingErrorRad();
    this.measuredPoseTopic = measuredPoseTopic == null ? null : channel.resolve(measuredPoseTopic);
    if (measuredPoseTopic != null) {
      channel.subscribePoses(measuredPoseTopic, this::poseArrived);
    }
    commanded[0] = initialEePoseInBase.x();
    commanded[1] = initialEePoseInBase.y();
    commanded[2] = initialEePoseInBase.z();
    commanded[3] = initialEePoseInBase.roll();
    commanded[4] = initialEePoseInBase.pitch();
    commanded[5] = initialEePoseInBase.yaw();
    this.gripper = initialGripper;
  }

  /** Keeps the newest pose; one stamped older than the newest accepted is dropped. */
  private void poseArrived(PoseStamped pose) {
    if (closed) {
      return;
    }
    Measured previous = measured;
    long stamp = pose.header().stamp().toNanos();
    if (previous != null && stamp != 0) {
      long previousStamp = previous.pose().header().stamp().toNanos();
      if (stamp < previousStamp) {
        posesDropped.incrementAndGet();
        return;
      }
    }
    measured = new Measured(pose, System.nanoTime());
  }

  @Override
  public String name() {
    return "ros";
  }

  /** The resolved twist topic. */
  public String twistTopic() {
    return twists.twistTopic();
  }

  /** Measured poses dropped because their stamp was older than the newest accepted one. */
  public long posesDropped() {
    return posesDropped.get();
  }

  /** Twist messages published so far, zero twists (holds, refusals) included. */
  public long twistsSent() {
    return twistsSent;
  }

  /** Twists whose linear or angular speed was scaled down to the limits. */
  public long twistsCapped() {
    return twistsCapped;
  }

  /**
   * The measured pose, stamped with when it arrived; in open loop the last setpoint, stamped now.
   *
   * @throws ArmDriverException (stale state) when no pose has arrived yet, or the newest is not
   *     usable (wrong frame, not finite)
   */
  @Override
  public ArmState state() {
    if (measuredPoseTopic == null) {
      return new ArmState(
          System.nanoTime(),
          new Pose(
              commanded[0], commanded[1], commanded[2], commanded[3], commanded[4], commanded[5]),
          gripper);
    }
    Measured m = measured;
    String problem = usable(m);
    if (problem != null) {
      throw new ArmDriverException(ArmDriverException.Kind.STATE_STALE, problem);
    }
    readPose(m.pose(), from);
    return new ArmState(
        m.receivedNanos(), new Pose(from[0], from[1], from[2], from[3], from[4], from[5]), gripper);
  }

  /** Null when the measured pose can be used, else one line saying why not (age aside). */
  private String usable(Measured m) {
    if (m == null) {
      return "no pose has arrived on " + measuredPoseTopic + " yet";
    }
    PoseStamped pose = m.pose();
    if (!frameId.equals(pose.header().frameId())) {
      return "the pose on "
          + measuredPoseTopic
          + " is in frame "
          + LogText.quote(pose.header().frameId())
          + ", expected '"
          + frameId
          + "'";
    }
    var p = pose.pose().position();
    Quaternion q = pose.pose().orientation();
    double norm = Math.sqrt(q.x() * q.x() + q.y() * q.y() + q.z() * q.z() + q.w() * q.w());
    if (!(Double.isFinite(p.x()) && Double.isFinite(p.y()) && Double.isFinite(p.z()))) {
      return "the pose on "
          + measuredPoseTopic
          + " has position ("
          + p.x()
          + ", "
          + p.y()
          + ", "
          + p.z()
          + "), expected finite numbers";
    }
    if (!(Math.abs(norm - 1) <= UNIT_QUATERNION_TOLERANCE)) {
      return "the pose on "
          + measuredPoseTopic
          + " has an orientation quaternion of norm "
          + norm
          + ", expected a unit quaternion";
    }
    return null;
  }

  @Override
  public void command(Setpoint setpoint) {
    to[0] = setpoint.x();
    to[1] = setpoint.y();
    to[2] = setpoint.z();
    to[3] = setpoint.roll();
    to[4] = setpoint.pitch();
    to[5] = setpoint.yaw();
    if (measuredPoseTopic == null) {
      System.arraycopy(commanded, 0, from, 0, 6);
    } else {
      Measured m = measured;
      String problem = usable(m);
      if (problem == null) {
        long age = System.nanoTime() - m.receivedNanos();
        if (age > maxStateAgeNanos) {
          problem =
              "the newest pose on "
                  + measuredPoseTopic
                  + " is "
                  + age / 1_000_000
                  + " ms old, expected at most robot.measuredStateMaxAgeMillis "
                  + maxStateAgeNanos / 1_000_000
                  + " ms";
        }
      }
      if (problem != null) {
        publishZero();
        throw new ArmDriverException(ArmDriverException.Kind.STATE_STALE, problem);
      }
      readPose(m.pose(), from);
    }
    double ex = to[0] - from[0];
    double ey = to[1] - from[1];
    double ez = to[2] - from[2];
    double trackingM = Math.sqrt(ex * ex + ey * ey + ez * ez);
    double trackingRad = rotations.angle(from, 3, to, 3);
    if (!(trackingM <= maxTrackingErrorM && trackingRad <= maxTrackingErrorRad)) {
      publishZero();
      throw new ArmDriverException(
          ArmDriverException.Kind.FAULT,
          String.format(
              "tracking error %.4f m / %.4f rad between the setpoint and the measured pose,"
                  + " expected at most robot.maxTrackingErrorM %.4f m and"
                  + " robot.maxTrackingErrorRad %.4f rad (is the arm blocked, lagging, or its"
                  + " pose frozen?)",
              trackingM, trackingRad, maxTrackingErrorM, maxTrackingErrorRad));
    }
    // v = (setpoint − measured) / T, at most v_max; ω = rotation vector / T, at most ω_max.
    double inv = 1 / periodSeconds;
    double vx = ex * inv;
    double vy = ey * inv;
    double vz = ez * inv;
    double speed = trackingM * inv;
    boolean capped = false;
    if (speed > maxSpeedMps) {
      double scale = maxSpeedMps / speed;
      vx *= scale;
      vy *= scale;
      vz *= scale;
      capped = true;
    }
    rotations.rotationVector(from, 3, to, 3, angular);
    double wx = angular[0] * inv;
    double wy = angular[1] * inv;
    double wz = angular[2] * inv;
    double rate = Math.sqrt(wx * wx + wy * wy + wz * wz);
    if (rate > maxRotationRateRadPerS) {
      double scale = maxRotationRateRadPerS / rate;
      wx *= scale;
      wy *= scale;
      wz *= scale;
      capped = true;
    }
    if (capped) {
      twistsCapped++;
    }
    publish(new Vector3(vx, vy, vz), new Vector3(wx, wy, wz));
    System.arraycopy(to, 0, commanded, 0, 6);
    gripper = setpoint.gripper();
    twistsPublished++;
  }

  @Override
  public void hold() {
    publishZero();
    holds++;
    LOG.debug("hold: zero twist on {}", twists.twistTopic());
  }

  private void publishZero() {
    publish(Vector3.ZERO, Vector3.ZERO);
  }

  private void publish(Vector3 linear, Vector3 angular) {
    Header header = Header.of(sequence++, System.currentTimeMillis() * 1_000_000L, frameId);
    twists.publish(new TwistStamped(header, new Twist(linear, angular)));
    twistsSent++;
  }

  /** Position and roll, pitch, yaw of a pose message. */
  private static void readPose(PoseStamped pose, double[] out) {
    var p = pose.pose().position();
    Quaternion q = pose.pose().orientation();
    out[0] = p.x();
    out[1] = p.y();
    out[2] = p.z();
    Rotations.toRollPitchYaw(q.w(), q.x(), q.y(), q.z(), out, 3);
  }

  /**
   * Logs the driver's counters and closes its channel (a ROS 1 channel closes the node when the
   * driver owns it, else its own publisher and subscriber, so that the node can take the topics
   * again); later measured poses are ignored. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info(
        "ros driver: {} twists published on {} ({} capped to the limits), {} holds, {} measured"
            + " poses dropped as out of order",
        twistsPublished,
        twists.twistTopic(),
        twistsCapped,
        holds,
        posesDropped.get());
    twists.close();
  }
}
