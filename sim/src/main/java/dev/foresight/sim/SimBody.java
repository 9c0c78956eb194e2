package dev.foresight.sim;

import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Matrix3f;
import com.jme3.math.Vector3f;
import java.util.List;

/**
 * One rigid body of a {@link SimWorld} with its visible parts. Visual-only bodies (markers, pads)
 * have no physics body and a fixed pose.
 */
public final class SimBody {
  private final String name;
  private final PhysicsRigidBody rigidBody;
  private final List<Part> parts;
  private final float[] fixedPose;

  SimBody(String name, PhysicsRigidBody rigidBody, List<Part> parts, float[] fixedPose) {
    this.name = name;
    this.rigidBody = rigidBody;
    this.parts = List.copyOf(parts);
    this.fixedPose = fixedPose;
  }

  /** Name for diagnostics. */
  public String name() {
    return name;
  }

  /** Visible parts in the body frame. */
  public List<Part> parts() {
    return parts;
  }

  /** The Bullet body, or null for a visual-only body. */
  PhysicsRigidBody rigidBody() {
    return rigidBody;
  }

  /** True when Bullet integrates this body (not static, not kinematic, not visual). */
  boolean isDynamic() {
    return rigidBody != null && rigidBody.isDynamic();
  }

  /**
   * Writes the body pose as a row-major 3x3 rotation (body to world) then the position.
   *
   * @param out 12 floats from {@code offset}. Modified.
   * @param scratchMatrix scratch. Modified.
   * @param scratchVector scratch. Modified.
   */
  void poseInWorld(float[] out, int offset, Matrix3f scratchMatrix, Vector3f scratchVector) {
    if (rigidBody == null) {
      System.arraycopy(fixedPose, 0, out, offset, 12);
      return;
    }
    rigidBody.getPhysicsRotationMatrix(scratchMatrix);
    rigidBody.getPhysicsLocation(scratchVector);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[offset + r * 3 + c] = scratchMatrix.get(r, c);
      }
    }
    out[offset + 9] = scratchVector.x;
    out[offset + 10] = scratchVector.y;
    out[offset + 11] = scratchVector.z;
  }
}
