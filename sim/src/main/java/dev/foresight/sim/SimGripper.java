package dev.foresight.sim;

import com.jme3.bullet.collision.ManifoldPoints;
import com.jme3.bullet.collision.PersistentManifolds;
import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.CollisionShape;
import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.util.List;

/**
 * The simulated world's kinematic two-finger gripper: a palm and two fingers, very heavy Bullet
 * bodies without gravity whose velocities are set every physics step so they land on the commanded
 * pose at bounded speed, so objects are held by contact and friction only.
 */
final class SimGripper implements SimArm {
  /** Finger pad half extents (x along the pad, y thickness, z height), metres. */
  static final float FINGER_HALF_X = GripperGeometry.FINGER_HALF_X;

  /** Finger half thickness, metres. */
  static final float FINGER_HALF_Y = GripperGeometry.FINGER_HALF_Y;

  /** Finger half height, metres. */
  static final float FINGER_HALF_Z = GripperGeometry.FINGER_HALF_Z;

  /** How far the commanded finger gap may lead the real one on each side when squeezing, m. */
  static final float FINGER_SQUEEZE_METRES = 0.0002f;

  /** Largest yaw rate, rad/s. */
  static final float MAX_YAW_RATE = 3f;

  /** Largest finger gap change rate, m/s. */
  static final float MAX_GAP_SPEED = 0.25f;

  /** Mass of the gripper's driven bodies, kilograms: heavy enough that objects barely slow it. */
  static final float DRIVEN_MASS_KG = 0.5f;

  private final SimWorld world;
  final PhysicsRigidBody palm;
  final PhysicsRigidBody fingerA;
  final PhysicsRigidBody fingerB;
  float x;
  float y;
  float z = 0.15f;
  float yaw;
  float gap = SimWorld.MAX_GAP_METRES;
  float command;
  float targetX;
  float targetY;
  float targetZ = 0.15f;
  float targetYaw;

  private float centreVx;
  private float centreVy;
  private final Vector3f location = new Vector3f();
  private final Vector3f velocity = new Vector3f();
  private final Quaternion rotation = new Quaternion();

  SimGripper(SimWorld world) {
    this.world = world;
    BoxCollisionShape fingerShape =
        new BoxCollisionShape(FINGER_HALF_X, FINGER_HALF_Y, FINGER_HALF_Z);
    fingerShape.setMargin(SimWorld.MARGIN_METRES);
    BoxCollisionShape palmShape =
        new BoxCollisionShape(
            GripperGeometry.PALM_HALF_X, GripperGeometry.PALM_HALF_Y, GripperGeometry.PALM_HALF_Z);
    palmShape.setMargin(SimWorld.MARGIN_METRES);
    palm = kinematic(palmShape);
    fingerA = kinematic(fingerShape);
    fingerB = kinematic(fingerShape);
    world.register(
        "palm",
        palm,
        List.of(
            Part.box(
                GripperGeometry.PALM_HALF_X,
                GripperGeometry.PALM_HALF_Y,
                GripperGeometry.PALM_HALF_Z,
                0x505A64)),
        true);
    palm.addToIgnoreList(fingerA);
    palm.addToIgnoreList(fingerB);
    fingerA.addToIgnoreList(fingerB);
    world.register(
        "fingerA",
        fingerA,
        List.of(Part.box(FINGER_HALF_X, FINGER_HALF_Y, FINGER_HALF_Z, 0x2F3A44)),
        true);
    world.register(
        "fingerB",
        fingerB,
        List.of(Part.box(FINGER_HALF_X, FINGER_HALF_Y, FINGER_HALF_Z, 0x2F3A44)),
        true);
    placeBodies(0);
  }

  private PhysicsRigidBody kinematic(CollisionShape shape) {
    // A very heavy body without gravity or rotation whose velocity is set every step so that
    // it lands on its commanded pose: Bullet sees its true velocity, so friction carries
    // grasped objects.
    PhysicsRigidBody body = new PhysicsRigidBody(shape, DRIVEN_MASS_KG);
    body.setFriction(1.2f);
    body.setAngularFactor(0);
    body.setDamping(0, 0);
    body.setProtectGravity(true);
    body.setGravity(Vector3f.ZERO);
    return body;
  }

  float targetGap() {
    return SimWorld.MAX_GAP_METRES * (1 - command);
  }

  @Override
  public ArmState state() {
    return new ArmState(
        Math.round(world.controlSteps() * world.controlPeriodSeconds() * 1e9),
        new Pose(x, y, z, 0, 0, yaw),
        command);
  }

  @Override
  public void apply(EeSetpoint setpoint) {
    targetX = clamp((float) setpoint.x(), SimWorld.WORKSPACE[0], SimWorld.WORKSPACE[3]);
    targetY = clamp((float) setpoint.y(), SimWorld.WORKSPACE[1], SimWorld.WORKSPACE[4]);
    targetZ = clamp((float) setpoint.z(), SimWorld.WORKSPACE[2], SimWorld.WORKSPACE[5]);
    targetYaw = (float) setpoint.yaw();
    command = (float) setpoint.gripper();
  }

  /** Moves palm and fingers one physics step toward the setpoint. */
  void advance(float dt) {
    float dx = targetX - x;
    float dy = targetY - y;
    float dz = targetZ - z;
    float distance = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    float maxMove = SimWorld.MAX_EE_SPEED * dt;
    if (distance > maxMove) {
      float scale = maxMove / distance;
      dx *= scale;
      dy *= scale;
      dz *= scale;
    }
    x += dx;
    y += dy;
    z += dz;
    centreVx = dx / dt;
    centreVy = dy / dt;
    yaw += clamp(targetYaw - yaw, -MAX_YAW_RATE * dt, MAX_YAW_RATE * dt);
    float gapTarget = targetGap();
    float maxGapChange = MAX_GAP_SPEED * dt;
    if (gapTarget < gap) {
      // The commanded gap may lead the real one by at most the squeeze depth.
      gap =
          Math.max(
              Math.max(gapTarget, gap - maxGapChange), actualGap() - 2 * FINGER_SQUEEZE_METRES);
    } else {
      gap = Math.min(gapTarget, gap + maxGapChange);
    }
    placeBodies(dt);
  }

  /**
   * Drives palm and fingers toward the commanded pose: with dt > 0 by setting the velocity that
   * reaches it in one step (fingers close no faster than {@link #MAX_GAP_SPEED} / 2 each, so a
   * grasped object is squeezed with a bounded force); with dt = 0 by teleporting.
   */
  void placeBodies(float dt) {
    rotation.fromAngles(0, 0, yaw);
    float cos = (float) Math.cos(yaw);
    float sin = (float) Math.sin(yaw);
    float half = gap / 2 + FINGER_HALF_Y;
    // Fingers open along the gripper's y axis: (-sin, cos) in the world.
    place(palm, x, y, z + GripperGeometry.PALM_CENTRE_Z, 0, 0, dt);
    place(fingerA, x - sin * half, y + cos * half, z, -sin, cos, dt);
    place(fingerB, x + sin * half, y - cos * half, z, sin, -cos, dt);
  }

  private void place(
      PhysicsRigidBody body, float px, float py, float pz, float outX, float outY, float dt) {
    body.setPhysicsRotation(rotation);
    body.setAngularVelocity(Vector3f.ZERO);
    if (dt > 0) {
      body.getPhysicsLocation(location);
      velocity.set((px - location.x) / dt, (py - location.y) / dt, (pz - location.z) / dt);
      // Limit the inward (closing) speed: this bounds the squeeze on a grasped object.
      float outward = (velocity.x - centreVx) * outX + (velocity.y - centreVy) * outY;
      float minOutward = -MAX_GAP_SPEED / 2;
      if (outward < minOutward) {
        velocity.x += (minOutward - outward) * outX;
        velocity.y += (minOutward - outward) * outY;
      }
      body.setLinearVelocity(velocity);
    } else {
      body.setPhysicsLocation(location.set(px, py, pz));
      body.setLinearVelocity(Vector3f.ZERO);
    }
  }

  /** Gap between the finger pads as Bullet has them, metres. */
  float actualGap() {
    fingerA.getPhysicsLocation(location);
    float ax = location.x;
    float ay = location.y;
    fingerB.getPhysicsLocation(location);
    float dx = location.x - ax;
    float dy = location.y - ay;
    return (float) Math.sqrt(dx * dx + dy * dy) - 2 * FINGER_HALF_Y;
  }

  /** True when {@code finger} is within {@code distance} of {@code other} (any object if null). */
  boolean touches(PhysicsRigidBody finger, PhysicsRigidBody other, float distance) {
    long fingerId = finger.nativeId();
    for (long manifold : world.space().listManifoldIds()) {
      long a = PersistentManifolds.getBodyAId(manifold);
      long b = PersistentManifolds.getBodyBId(manifold);
      long otherId;
      if (a == fingerId) {
        otherId = b;
      } else if (b == fingerId) {
        otherId = a;
      } else {
        continue;
      }
      if (other != null ? otherId != other.nativeId() : !isObjectId(otherId)) {
        continue;
      }
      int points = PersistentManifolds.countPoints(manifold);
      for (int i = 0; i < points; i++) {
        if (ManifoldPoints.getDistance1(PersistentManifolds.getPointId(manifold, i)) < distance) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isObjectId(long id) {
    for (PhysicsRigidBody body : world.objectBodies()) {
      if (body.nativeId() == id) {
        return true;
      }
    }
    return false;
  }

  /** Places the gripper instantly at the pose and gripper command (no motion). */
  void teleport(double x, double y, double z, double yaw, double gripperCommand) {
    targetX = this.x = (float) x;
    targetY = this.y = (float) y;
    targetZ = this.z = (float) z;
    targetYaw = this.yaw = (float) yaw;
    command = (float) gripperCommand;
    gap = targetGap();
    placeBodies(0);
  }

  static float clamp(float value, float lo, float hi) {
    return value < lo ? lo : (value > hi ? hi : value);
  }
}
