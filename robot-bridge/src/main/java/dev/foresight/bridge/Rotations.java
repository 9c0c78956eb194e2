package dev.foresight.bridge;

/**
 * Orientation maths the safety path and the arm drivers need, on roll/pitch/yaw triples (fixed axes
 * x, y, z, as ROS's {@code setRPY}: {@code R = Rz(yaw) · Ry(pitch) · Rx(roll)}) stored in
 * caller-owned arrays at an offset. Everything goes through unit quaternions, so limits apply to
 * the true rotation angle between two orientations, never to the difference of their Euler angles
 * (which can be small for a large rotation near the poles, or large for a small one across the ±π
 * seam).
 *
 * <p>Allocation-free; an instance holds scratch space, so each thread uses its own.
 */
public final class Rotations {
  private final double[] from = new double[4];
  private final double[] to = new double[4];
  private final double[] relative = new double[4];

  /** Allocates the scratch space. */
  public Rotations() {}

  /**
   * The rotation angle between two orientations: the angle of the rotation that takes {@code from}
   * to {@code to}, in [0, π].
   *
   * @param fromRpy roll, pitch, yaw at {@code fromOffset}, rad. Not modified.
   * @param toRpy roll, pitch, yaw at {@code toOffset}, rad. Not modified.
   * @return rad; NaN when an input is not finite
   */
  public double angle(double[] fromRpy, int fromOffset, double[] toRpy, int toOffset) {
    if (same(fromRpy, fromOffset, toRpy, toOffset)) {
      return 0; // the common case of an orientation that does not change: no trigonometry
    }
    relative(fromRpy, fromOffset, toRpy, toOffset);
    double[] r = relative;
    return 2 * Math.atan2(Math.sqrt(r[1] * r[1] + r[2] * r[2] + r[3] * r[3]), r[0]);
  }

  /**
   * Spherical interpolation from {@code fromRpy} towards {@code toRpy} along the shorter arc:
   * {@code t = 0} gives {@code from}, {@code t = 1} gives {@code to} (as roll, pitch, yaw, each in
   * (-π, π]). {@code out} may be either input.
   *
   * @param t fraction of the way, usually in [0, 1]
   * @param out receives roll, pitch, yaw at {@code outOffset}. Modified.
   */
  void interpolate(
      double[] fromRpy,
      int fromOffset,
      double[] toRpy,
      int toOffset,
      double t,
      double[] out,
      int outOffset) {
    if (same(fromRpy, fromOffset, toRpy, toOffset)) {
      out[outOffset] = fromRpy[fromOffset];
      out[outOffset + 1] = fromRpy[fromOffset + 1];
      out[outOffset + 2] = fromRpy[fromOffset + 2];
      return;
    }
    relative(fromRpy, fromOffset, toRpy, toOffset);
    double[] r = relative;
    double v = Math.sqrt(r[1] * r[1] + r[2] * r[2] + r[3] * r[3]);
    double pw, px, py, pz; // the partial relative rotation: t times the angle, same axis
    if (v < 1e-15) {
      pw = 1;
      px = 0;
      py = 0;
      pz = 0;
    } else {
      double half = Math.atan2(v, r[0]);
      double s = Math.sin(t * half) / v;
      pw = Math.cos(t * half);
      px = r[1] * s;
      py = r[2] * s;
      pz = r[3] * s;
    }
    double[] f = from;
    // q = p ⊗ q_from
    double qw = pw * f[0] - px * f[1] - py * f[2] - pz * f[3];
    double qx = pw * f[1] + px * f[0] + py * f[3] - pz * f[2];
    double qy = pw * f[2] - px * f[3] + py * f[0] + pz * f[1];
    double qz = pw * f[3] + px * f[2] - py * f[1] + pz * f[0];
    toRollPitchYaw(qw, qx, qy, qz, out, outOffset);
  }

  /**
   * Pulls {@code target}'s orientation to within {@code limitRad} (true rotation angle) of {@code
   * reference}'s, along the shorter arc.
   *
   * @param target roll, pitch, yaw at {@code targetOffset}. Modified when beyond the limit.
   * @param reference roll, pitch, yaw at {@code referenceOffset}. Not modified.
   * @param limitRad largest rotation angle allowed, rad, ≥ 0
   * @return whether the target was changed
   */
  boolean limit(
      double[] target, int targetOffset, double[] reference, int referenceOffset, double limitRad) {
    double angle = angle(reference, referenceOffset, target, targetOffset);
    if (angle <= limitRad * (1 + 1e-12)) {
      return false; // within the limit, allowing for rounding of an earlier scaling
    }
    interpolate(
        reference, referenceOffset, target, targetOffset, limitRad / angle, target, targetOffset);
    return true;
  }

  /**
   * The rotation vector (axis × angle, in the base frame) of the rotation that takes {@code
   * fromRpy} to {@code toRpy} along the shorter arc; divided by a time span it is the angular
   * velocity, in the base frame, that turns one into the other in that time.
   *
   * @param out receives x, y, z, rad. Modified.
   */
  public void rotationVector(
      double[] fromRpy, int fromOffset, double[] toRpy, int toOffset, double[] out) {
    if (same(fromRpy, fromOffset, toRpy, toOffset)) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return;
    }
    relative(fromRpy, fromOffset, toRpy, toOffset);
    double[] r = relative;
    double v = Math.sqrt(r[1] * r[1] + r[2] * r[2] + r[3] * r[3]);
    // angle = 2 atan2(v, w); for tiny v the vector is 2 (x, y, z) to first order.
    double scale = v < 1e-15 ? 2 : 2 * Math.atan2(v, r[0]) / v;
    out[0] = r[1] * scale;
    out[1] = r[2] * scale;
    out[2] = r[3] * scale;
  }

  /** Whether two roll, pitch, yaw triples are the same numbers (not merely the same rotation). */
  private static boolean same(double[] a, int aOffset, double[] b, int bOffset) {
    return a[aOffset] == b[bOffset]
        && a[aOffset + 1] == b[bOffset + 1]
        && a[aOffset + 2] == b[bOffset + 2];
  }

  /**
   * Fills {@link #from}, {@link #to} and {@link #relative} = q_to ⊗ conj(q_from), with a
   * non-negative scalar part (the shorter arc).
   */
  private void relative(double[] fromRpy, int fromOffset, double[] toRpy, int toOffset) {
    quaternion(fromRpy[fromOffset], fromRpy[fromOffset + 1], fromRpy[fromOffset + 2], from);
    quaternion(toRpy[toOffset], toRpy[toOffset + 1], toRpy[toOffset + 2], to);
    double[] f = from;
    double[] t = to;
    double w = t[0] * f[0] + t[1] * f[1] + t[2] * f[2] + t[3] * f[3];
    double x = -t[0] * f[1] + t[1] * f[0] - t[2] * f[3] + t[3] * f[2];
    double y = -t[0] * f[2] + t[1] * f[3] + t[2] * f[0] - t[3] * f[1];
    double z = -t[0] * f[3] - t[1] * f[2] + t[2] * f[1] + t[3] * f[0];
    double sign = w < 0 ? -1 : 1;
    relative[0] = sign * w;
    relative[1] = sign * x;
    relative[2] = sign * y;
    relative[3] = sign * z;
  }

  /** The unit quaternion (w, x, y, z) of roll, pitch, yaw: q = qz(yaw) ⊗ qy(pitch) ⊗ qx(roll). */
  static void quaternion(double roll, double pitch, double yaw, double[] q) {
    double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
    double cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
    double cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
    q[0] = cr * cp * cy + sr * sp * sy;
    q[1] = sr * cp * cy - cr * sp * sy;
    q[2] = cr * sp * cy + sr * cp * sy;
    q[3] = cr * cp * sy - sr * sp * cy;
  }

  /** Roll, pitch, yaw (each in (-π, π]) of a quaternion, normalised first. */
  public static void toRollPitchYaw(
      double qw, double qx, double qy, double qz, double[] out, int o) {
    double n = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
    qw /= n;
    qx /= n;
    qy /= n;
    qz /= n;
    out[o] =
        SafetyFilter.wrapAngle(Math.atan2(2 * (qw * qx + qy * qz), 1 - 2 * (qx * qx + qy * qy)));
    out[o + 1] = Math.asin(Math.max(-1, Math.min(1, 2 * (qw * qy - qz * qx))));
    out[o + 2] =
        SafetyFilter.wrapAngle(Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz)));
  }
}
