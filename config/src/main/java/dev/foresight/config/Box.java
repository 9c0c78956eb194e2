package dev.foresight.config;

/**
 * An axis-aligned box, e.g. the workspace the end effector must stay in, in metres. The frame is
 * named by the field that holds it ({@code workspaceInBase}).
 */
public record Box(double minX, double minY, double minZ, double maxX, double maxY, double maxZ) {

  /** Checks every bound is finite and each minimum lies below its maximum. */
  public Box {
    double[] min = {minX, minY, minZ};
    double[] max = {maxX, maxY, maxZ};
    String[] axis = {"x", "y", "z"};
    for (int i = 0; i < 3; i++) {
      if (!Double.isFinite(min[i]) || !Double.isFinite(max[i]) || min[i] >= max[i]) {
        throw new IllegalArgumentException(
            "box "
                + axis[i]
                + " range must be finite with min < max, got ["
                + min[i]
                + ", "
                + max[i]
                + "]");
      }
    }
  }

  /** Whether the point lies inside or on the boundary. */
  public boolean contains(double x, double y, double z) {
    return x >= minX && x <= maxX && y >= minY && y <= maxY && z >= minZ && z <= maxZ;
  }

  /** Clamps a coordinate on the given axis (0 = x, 1 = y, 2 = z) into the box. */
  public double clamp(int axis, double value) {
    return switch (axis) {
      case 0 -> Math.max(minX, Math.min(maxX, value));
      case 1 -> Math.max(minY, Math.min(maxY, value));
      case 2 -> Math.max(minZ, Math.min(maxZ, value));
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
    };
  }
}
