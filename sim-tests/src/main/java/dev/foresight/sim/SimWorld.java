package dev.foresight.sim;

import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.collision.ManifoldPoints;
import com.jme3.bullet.collision.PersistentManifolds;
import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.CollisionShape;
import com.jme3.bullet.collision.shapes.CompoundCollisionShape;
import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Matrix3f;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table-top physics world with a two-finger gripper: one Bullet space per instance, no shared
 * state. Physics advances at a fixed {@link #PHYSICS_STEP_SECONDS}; {@link #step()} runs one
 * control period of such steps.
 *
 * <p>The gripper is kinematic: a palm and two fingers that follow the setpoint at bounded speed.
 * The fingers close until both press on an object by {@link #FINGER_SQUEEZE_METRES} (a
 * force-limited parallel gripper), so objects are held by contact and friction only.
 *
 * <p>The full state is a float vector ({@link #saveState}, {@link #restoreState}). Contact caches
 * are cleared at the start of every control step, so a control step is a pure function of that
 * vector: restoring a saved state and stepping gives bit-identical results to stepping the original
 * world.
 */
public final class SimWorld implements AutoCloseable {
  /** Physics time step, seconds. */
  public static final float PHYSICS_STEP_SECONDS = 1f / 240f;

  /** Collision margin for centimetre-scale shapes, metres. */
  public static final float MARGIN_METRES = 0.001f;

  /** Finger pad half extents (x along the pad, y thickness, z height), metres. */
  public static final float FINGER_HALF_X = 0.012f;

  /** Finger half thickness, metres. */
  public static final float FINGER_HALF_Y = 0.005f;

  /** Finger half height, metres. */
  public static final float FINGER_HALF_Z = 0.02f;

  /** Largest gap between the finger pads, metres (gripper command 0). */
  public static final float MAX_GAP_METRES = 0.08f;

  /** Index of the finger gap (metres) in the {@link #saveState} vector. */
  public static final int GRIPPER_GAP_INDEX = 4;

  /** How far the commanded finger gap may lead the real one on each side when squeezing, m. */
  public static final float FINGER_SQUEEZE_METRES = 0.0002f;

  /** Largest end-effector speed, m/s. */
  public static final float MAX_EE_SPEED = 0.4f;

  /** Largest yaw rate, rad/s. */
  public static final float MAX_YAW_RATE = 3f;

  /** Largest finger gap change rate, m/s. */
  public static final float MAX_GAP_SPEED = 0.25f;

  /** Mass of the gripper's driven bodies, kilograms: heavy enough that objects barely slow it. */
  private static final float DRIVEN_MASS_KG = 0.5f;

  /** Workspace bounds the end-effector target is clamped to (x, y, z min then max), metres. */
  public static final float[] WORKSPACE = {-0.25f, -0.25f, 0.015f, 0.25f, 0.25f, 0.3f};

  private static final int GRIPPER_STATE_SIZE = 10;
  private static final int BODY_STATE_SIZE = 18;

  private final PhysicsSpace space;
  private int substeps;
  private float physicsStepSeconds = PHYSICS_STEP_SECONDS;
  private final double controlPeriodSeconds;
  private final List<SimBody> bodies = new ArrayList<>();
  private final List<SimBody> dynamicBodies = new ArrayList<>();
  private final List<PhysicsRigidBody> objectBodies = new ArrayList<>();
  private final List<PhysicsRigidBody> physicsBodies = new ArrayList<>();
  private Gripper gripper;
  private long controlSteps;

  private final Vector3f v1 = new Vector3f();
  private final Quaternion q1 = new Quaternion();
  private final Matrix3f m1 = new Matrix3f();

  /**
   * Creates a world with a table and the gripper.
   *
   * @param controlPeriodSeconds duration of one {@link #step()}, a positive multiple of {@link
   *     #PHYSICS_STEP_SECONDS}
   */
  public SimWorld(double controlPeriodSeconds) {
    BulletNatives.load();
    BulletNatives.worldCreated();
    long n = Math.round(controlPeriodSeconds / PHYSICS_STEP_SECONDS);
    if (n < 1 || Math.abs(n * PHYSICS_STEP_SECONDS - controlPeriodSeconds) > 1e-6) {
      throw new IllegalArgumentException(
          "control period must be a positive multiple of 1/240 s, got " + controlPeriodSeconds);
    }
    this.substeps = (int) n;
    this.controlPeriodSeconds = controlPeriodSeconds;
    space =
        new PhysicsSpace(
            new Vector3f(-2, -2, -2), new Vector3f(2, 2, 2), PhysicsSpace.BroadphaseType.DBVT);
    space.setGravity(new Vector3f(0, 0, -9.81f));
    space.getSolverInfo().setNumIterations(20);
    // Table: a static slab whose top face is z = 0.
    BoxCollisionShape tableShape = new BoxCollisionShape(0.5f, 0.5f, 0.02f);
    tableShape.setMargin(MARGIN_METRES);
    PhysicsRigidBody table = new PhysicsRigidBody(tableShape, PhysicsRigidBody.massForStatic);
    table.setPhysicsLocation(new Vector3f(0, 0, -0.02f));
    table.setFriction(0.5f);
    register("table", table, List.of(Part.box(0.5f, 0.5f, 0.02f, 0xB8A88A)));
    gripper = new Gripper();
  }

  private SimBody register(String name, PhysicsRigidBody body, List<Part> parts) {
    return register(name, body, parts, body.isDynamic());
  }

  private SimBody register(String name, PhysicsRigidBody body, List<Part> parts, boolean free) {
    body.setEnableSleep(false);
    body.setRestitution(0);
    space.addCollisionObject(body);
    SimBody simBody = new SimBody(name, body, parts, null);
    bodies.add(simBody);
    physicsBodies.add(body);
    if (free) {
      dynamicBodies.add(simBody);
    }
    if (body.isDynamic() && !free) {
      throw new IllegalStateException("dynamic body " + name + " must be part of the state");
    }
    if (free && gripper != null) {
      objectBodies.add(body);
    }
    return simBody;
  }

  /**
   * Adds a dynamic box.
   *
   * @param halfX half extent along body x, metres
   * @param massKg mass, kilograms
   * @param friction Bullet friction coefficient
   */
  public SimBody addBox(
      String name, float halfX, float halfY, float halfZ, float massKg, float friction, int rgb) {
    BoxCollisionShape shape = new BoxCollisionShape(halfX, halfY, halfZ);
    shape.setMargin(MARGIN_METRES);
    PhysicsRigidBody body = new PhysicsRigidBody(shape, massKg);
    body.setFriction(friction);
    body.setDamping(0.05f, 0.05f);
    return register(name, body, List.of(Part.box(halfX, halfY, halfZ, rgb)));
  }

  /**
   * Adds a dynamic body made of boxes (e.g. a T block). Each part is a box; the body frame is the
   * frame the parts' offsets are given in, and the centre of mass is placed at its origin.
   */
  public SimBody addCompound(String name, List<Part> boxes, float massKg, float friction) {
    CompoundCollisionShape shape = new CompoundCollisionShape();
    for (Part part : boxes) {
      if (part.shape() != Part.Shape.BOX) {
        throw new IllegalArgumentException("compound parts must be boxes, got " + part.shape());
      }
      BoxCollisionShape child = new BoxCollisionShape(part.halfX(), part.halfY(), part.halfZ());
      child.setMargin(MARGIN_METRES);
      shape.addChildShape(child, part.offsetX(), part.offsetY(), part.offsetZ());
    }
    shape.setMargin(MARGIN_METRES);
    PhysicsRigidBody body = new PhysicsRigidBody(shape, massKg);
    body.setFriction(friction);
    body.setDamping(0.05f, 0.05f);
    return register(name, body, boxes);
  }

  /** Adds a visual-only body (a marker or pad) at a fixed position with identity rotation. */
  public SimBody addVisual(String name, List<Part> parts, float x, float y, float z) {
    float[] pose = {1, 0, 0, 0, 1, 0, 0, 0, 1, x, y, z};
    SimBody body = new SimBody(name, null, parts, pose);
    bodies.add(body);
    return body;
  }

  /** Sets a dynamic body's pose and zeroes its velocity. */
  public void placeBody(SimBody body, double x, double y, double z, double yaw) {
    PhysicsRigidBody rigid = body.rigidBody();
    rigid.setPhysicsLocation(new Vector3f((float) x, (float) y, (float) z));
    rigid.setPhysicsRotation(new Quaternion().fromAngles(0, 0, (float) yaw));
    rigid.setLinearVelocity(Vector3f.ZERO);
    rigid.setAngularVelocity(Vector3f.ZERO);
  }

  /**
   * Writes a body's position and yaw (rotation about world z of its x axis).
   *
   * @param out {@code [x, y, z, yaw]}. Modified.
   */
  public void bodyPose(SimBody body, double[] out) {
    PhysicsRigidBody rigid = body.rigidBody();
    rigid.getPhysicsLocation(v1);
    out[0] = v1.x;
    out[1] = v1.y;
    out[2] = v1.z;
    rigid.getPhysicsRotation(q1);
    double qx = q1.getX();
    double qy = q1.getY();
    double qz = q1.getZ();
    double qw = q1.getW();
    // Body x axis in the world: first column of the rotation matrix.
    out[3] = Math.atan2(2 * (qx * qy + qw * qz), 1 - 2 * (qy * qy + qz * qz));
  }

  /** Cosine of the angle between a body's z axis and world z (1 = upright). */
  public double bodyUprightness(SimBody body) {
    body.rigidBody().getPhysicsRotation(q1);
    double qx = q1.getX();
    double qy = q1.getY();
    return 1 - 2 * (qx * qx + qy * qy);
  }

  /** The gripper. */
  public SimArm arm() {
    return gripper;
  }

  /** Gap between the finger pads, metres. */
  public double fingerGap() {
    return gripper.actualGap();
  }

  /** True when both fingers press on {@code body} (it is grasped). */
  public boolean isGrasped(SimBody body) {
    return gripper.touches(gripper.fingerA, body.rigidBody(), 0.001f)
        && gripper.touches(gripper.fingerB, body.rigidBody(), 0.001f);
  }

  /** All bodies in creation order, including the gripper's. */
  public List<SimBody> bodies() {
    return Collections.unmodifiableList(bodies);
  }

  /** Duration of one control step, seconds. */
  public double controlPeriodSeconds() {
    return controlPeriodSeconds;
  }

  /** Physics steps per control step. */
  public int substeps() {
    return substeps;
  }

  /** Control steps taken so far. */
  public long controlSteps() {
    return controlSteps;
  }

  /** Advances one control period ({@link #substeps()} physics steps). */
  public void step() {
    clearContacts();
    for (int i = 0; i < substeps; i++) {
      gripper.advance(physicsStepSeconds);
      space.update(physicsStepSeconds, 0);
    }
    controlSteps++;
  }

  /** Advances exactly one physics step (for benchmarks). */
  public void physicsStep() {
    gripper.advance(physicsStepSeconds);
    space.update(physicsStepSeconds, 0);
  }

  /**
   * Switches this world to a coarser physics configuration, for a prediction world whose cost
   * matters more than its exactness (an approximate oracle): {@code substepsPerControlStep} physics
   * steps per control period (default {@code controlPeriod / }{@link #PHYSICS_STEP_SECONDS}) and
   * {@code solverIterations} constraint-solver iterations (default 20). A world switched this way
   * no longer steps bit-identically to a default one.
   *
   * @throws IllegalArgumentException for fewer than 1 substep or solver iteration
   */
  public void setPredictionPhysics(int substepsPerControlStep, int solverIterations) {
    if (substepsPerControlStep < 1 || solverIterations < 1) {
      throw new IllegalArgumentException(
          "prediction physics: "
              + substepsPerControlStep
              + " substeps, "
              + solverIterations
              + " solver iterations, expected both >= 1");
    }
    this.substeps = substepsPerControlStep;
    this.physicsStepSeconds = (float) (controlPeriodSeconds / substepsPerControlStep);
    space.getSolverInfo().setNumIterations(solverIterations);
  }

  /** Removes and re-adds every body so that no contact cache carries over between steps. */
  private void clearContacts() {
    for (PhysicsRigidBody body : physicsBodies) {
      space.removeCollisionObject(body);
    }
    for (PhysicsRigidBody body : physicsBodies) {
      space.addCollisionObject(body);
    }
  }

  /** Length of the state vector. */
  public int stateSize() {
    return GRIPPER_STATE_SIZE + BODY_STATE_SIZE * dynamicBodies.size();
  }

  /**
   * Writes the full simulation state.
   *
   * @param out {@link #stateSize()} floats from {@code offset}. Modified.
   */
  public void saveState(float[] out, int offset) {
    int k = offset;
    out[k++] = gripper.x;
    out[k++] = gripper.y;
    out[k++] = gripper.z;
    out[k++] = gripper.yaw;
    out[k++] = gripper.gap;
    out[k++] = gripper.command;
    out[k++] = gripper.targetX;
    out[k++] = gripper.targetY;
    out[k++] = gripper.targetZ;
    out[k++] = gripper.targetYaw;
    for (SimBody body : dynamicBodies) {
      PhysicsRigidBody rigid = body.rigidBody();
      rigid.getPhysicsLocation(v1);
      out[k++] = v1.x;
      out[k++] = v1.y;
      out[k++] = v1.z;
      // The full rotation matrix: Bullet stores a matrix, and a quaternion round trip is lossy.
      rigid.getPhysicsRotationMatrix(m1);
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          out[k++] = m1.get(r, c);
        }
      }
      rigid.getLinearVelocity(v1);
      out[k++] = v1.x;
      out[k++] = v1.y;
      out[k++] = v1.z;
      rigid.getAngularVelocity(v1);
      out[k++] = v1.x;
      out[k++] = v1.y;
      out[k++] = v1.z;
    }
  }

  /**
   * Restores a state written by {@link #saveState} of a world built the same way.
   *
   * @param in {@link #stateSize()} floats from {@code offset}. Not modified.
   */
  public void restoreState(float[] in, int offset) {
    int k = offset;
    gripper.x = in[k++];
    gripper.y = in[k++];
    gripper.z = in[k++];
    gripper.yaw = in[k++];
    gripper.gap = in[k++];
    gripper.command = in[k++];
    gripper.targetX = in[k++];
    gripper.targetY = in[k++];
    gripper.targetZ = in[k++];
    gripper.targetYaw = in[k++];
    for (SimBody body : dynamicBodies) {
      PhysicsRigidBody rigid = body.rigidBody();
      rigid.setPhysicsLocation(v1.set(in[k], in[k + 1], in[k + 2]));
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          m1.set(r, c, in[k + 3 + r * 3 + c]);
        }
      }
      rigid.setPhysicsRotation(m1);
      rigid.setLinearVelocity(v1.set(in[k + 12], in[k + 13], in[k + 14]));
      rigid.setAngularVelocity(v1.set(in[k + 15], in[k + 16], in[k + 17]));
      k += BODY_STATE_SIZE;
    }
  }

  /** Places the gripper instantly (no motion), e.g. when setting up an episode. */
  public void teleportGripper(double x, double y, double z, double yaw, double gripperCommand) {
    gripper.targetX = gripper.x = (float) x;
    gripper.targetY = gripper.y = (float) y;
    gripper.targetZ = gripper.z = (float) z;
    gripper.targetYaw = gripper.yaw = (float) yaw;
    gripper.command = (float) gripperCommand;
    gripper.gap = gripper.targetGap();
    gripper.placeBodies(0);
  }

  @Override
  public void close() {
    for (PhysicsRigidBody body : physicsBodies) {
      if (body.isInWorld()) {
        space.removeCollisionObject(body);
      }
    }
    space.destroy();
  }

  /** The kinematic two-finger gripper. */
  private final class Gripper implements SimArm {
    final PhysicsRigidBody palm;
    final PhysicsRigidBody fingerA;
    final PhysicsRigidBody fingerB;
    float x;
    float y;
    float z = 0.15f;
    float yaw;
    float gap = MAX_GAP_METRES;
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

    Gripper() {
      BoxCollisionShape fingerShape =
          new BoxCollisionShape(FINGER_HALF_X, FINGER_HALF_Y, FINGER_HALF_Z);
      fingerShape.setMargin(MARGIN_METRES);
      BoxCollisionShape palmShape = new BoxCollisionShape(0.006f, 0.06f, 0.008f);
      palmShape.setMargin(MARGIN_METRES);
      palm = kinematic(palmShape);
      fingerA = kinematic(fingerShape);
      fingerB = kinematic(fingerShape);
      register("palm", palm, List.of(Part.box(0.006f, 0.06f, 0.008f, 0x505A64)), true);
      palm.addToIgnoreList(fingerA);
      palm.addToIgnoreList(fingerB);
      fingerA.addToIgnoreList(fingerB);
      register(
          "fingerA",
          fingerA,
          List.of(Part.box(FINGER_HALF_X, FINGER_HALF_Y, FINGER_HALF_Z, 0x2F3A44)),
          true);
      register(
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
      return MAX_GAP_METRES * (1 - command);
    }

    @Override
    public ArmState state() {
      return new ArmState(
          Math.round(controlSteps * controlPeriodSeconds * 1e9),
          new Pose(x, y, z, 0, 0, yaw),
          command);
    }

    @Override
    public void apply(EeSetpoint setpoint) {
      targetX = clamp((float) setpoint.x(), WORKSPACE[0], WORKSPACE[3]);
      targetY = clamp((float) setpoint.y(), WORKSPACE[1], WORKSPACE[4]);
      targetZ = clamp((float) setpoint.z(), WORKSPACE[2], WORKSPACE[5]);
      targetYaw = (float) setpoint.yaw();
      command = (float) setpoint.gripper();
    }

    /** Moves palm and fingers one physics step toward the setpoint. */
    void advance(float dt) {
      float dx = targetX - x;
      float dy = targetY - y;
      float dz = targetZ - z;
      float distance = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
      float maxMove = MAX_EE_SPEED * dt;
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
      place(palm, x, y, z + FINGER_HALF_Z + 0.008f, 0, 0, dt);
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

    /**
     * True when {@code finger} is within {@code distance} of {@code other} (any object if null).
     */
    boolean touches(PhysicsRigidBody finger, PhysicsRigidBody other, float distance) {
      long fingerId = finger.nativeId();
      for (long manifold : space.listManifoldIds()) {
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
      for (PhysicsRigidBody body : objectBodies) {
        if (body.nativeId() == id) {
          return true;
        }
      }
      return false;
    }
  }

  /** Writes body poses for rendering: see {@link SimBody#poseInWorld}. */
  void poses(float[] out) {
    for (int i = 0; i < bodies.size(); i++) {
      bodies.get(i).poseInWorld(out, i * 12, m1, v1);
    }
  }

  static float clamp(float value, float lo, float hi) {
    return value < lo ? lo : (value > hi ? hi : value);
  }
}
