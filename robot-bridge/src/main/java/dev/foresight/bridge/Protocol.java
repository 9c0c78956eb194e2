package dev.foresight.bridge;

import dev.foresight.bridge.v1.Box3d;
import dev.foresight.bridge.v1.Limits;
import dev.foresight.bridge.v1.Pose3d;
import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;

/**
 * Protocol constants, and the conversions between wire messages and Foresight values that the
 * bridge's own classes use (the wire types stay inside this module).
 */
public final class Protocol {
  /** The protocol version this build speaks. */
  public static final int VERSION = 1;

  /** Capability: commands as end-effector deltas. */
  public static final String CAPABILITY_EE_DELTA = "ee_delta";

  /** Capability: commands as end-effector target poses. */
  public static final String CAPABILITY_EE_TARGET = "ee_target";

  /** Capability: heartbeats keep the watchdog fed. */
  public static final String CAPABILITY_HEARTBEAT = "heartbeat";

  private Protocol() {}

  /** A pose as a wire message. */
  static Pose3d toWire(Pose pose) {
    return Pose3d.newBuilder()
        .setX(pose.x())
        .setY(pose.y())
        .setZ(pose.z())
        .setRoll(pose.roll())
        .setPitch(pose.pitch())
        .setYaw(pose.yaw())
        .build();
  }

  /** A pose from its first six values (x, y, z, roll, pitch, yaw). */
  static Pose3d toWire(double[] values) {
    return Pose3d.newBuilder()
        .setX(values[0])
        .setY(values[1])
        .setZ(values[2])
        .setRoll(values[3])
        .setPitch(values[4])
        .setYaw(values[5])
        .build();
  }

  /** A wire pose as a value; throws if a component is not finite. */
  static Pose fromWire(Pose3d pose) {
    return new Pose(
        pose.getX(), pose.getY(), pose.getZ(), pose.getRoll(), pose.getPitch(), pose.getYaw());
  }

  /** The limits of a robot profile as a wire message. */
  static Limits limitsOf(RobotProfile profile) {
    Box box = profile.workspaceInBase();
    return Limits.newBuilder()
        .setWorkspaceInBase(
            Box3d.newBuilder()
                .setMinX(box.minX())
                .setMinY(box.minY())
                .setMinZ(box.minZ())
                .setMaxX(box.maxX())
                .setMaxY(box.maxY())
                .setMaxZ(box.maxZ()))
        .setMaxEeSpeedMps(profile.maxEeSpeedMps())
        .setMaxStepM(profile.maxStepM())
        .setMaxRotationStepRad(profile.maxRotationStepRad())
        .setGripperMin(profile.gripperMin())
        .setGripperMax(profile.gripperMax())
        .setControlRateHz(profile.controlRateHz())
        .setWatchdogTimeoutMillis((int) profile.watchdogTimeout().toMillis())
        .setCollaborative(profile.collaborative())
        .setEffectiveSpeedLimitMps(profile.effectiveSpeedLimitMps())
        .build();
  }

  /**
   * A stop cause as its wire value.
   *
   * @throws IllegalArgumentException for {@link StopCause#UNRECOGNIZED}, which has none
   */
  static dev.foresight.bridge.v1.StopCause toWire(StopCause cause) {
    dev.foresight.bridge.v1.StopCause wire =
        dev.foresight.bridge.v1.StopCause.forNumber(cause.number());
    if (wire == null) {
      throw new IllegalArgumentException(
          "stop cause " + cause + " has no wire value, expected one of the protocol's causes");
    }
    return wire;
  }
}
