package dev.foresight.sim;

import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.CompoundCollisionShape;
import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Matrix3f;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table-top physics world with a two-finger gripper: one Bullet space per instance, no shared
 * state. Physics advances at a fixed {@link #PHYSICS_STEP_SECONDS}; {@link #step()} runs one
 * control period of such steps.
 *
 * <p>The gripper is kinematic: a palm and two fingers that follow the setpoint at bounded speed.
 * The fingers close until both press on an object by {@link SimGripper#FINGER_SQUEEZE_METRES} (a
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

  /** Largest gap between the finger pads, metres (gripper command 0). */
  public static final float MAX_GAP_METRES = 0.08f;

  /** Index of the finger gap (metres) in the {@link #saveState} vector. */
  public static final int GRIPPER_GAP_INDEX = 4;

  /** Largest end-effector speed, m/s. */
  public static final float MAX_EE_SPEED = 0.4f;

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
  private SimGripper gripper;
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
    gripper = new SimGripper(this);
  }

  private SimBody register(String name, PhysicsRigidBody body, List<Part> parts) {
    return register(name, body, parts, body.isDynamic());
  }

  SimBody register(String name, PhysicsRigidBody body, List<Part> parts, boolean free) {
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
    gripper.teleport(x, y, z, yaw, gripperCommand);
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

  /** The Bullet space (for the gripper). */
  PhysicsSpace space() {
    return space;
  }

  /** The free objects' rigid bodies (for the gripper's grasp checks). */
  List<PhysicsRigidBody> objectBodies() {
    return objectBodies;
  }

  /** Writes body poses for rendering: see {@link SimBody#poseInWorld}. */
  void poses(float[] out) {
    for (int i = 0; i < bodies.size(); i++) {
      bodies.get(i).poseInWorld(out, i * 12, m1, v1);
    }
  }
}
