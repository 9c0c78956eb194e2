package dev.foresight.ros2.msg;

/**
 * {@code std_msgs/msg/MultiArrayDimension}: one dimension of a multi-array layout.
 *
 * @param label name of the dimension
 * @param size elements along it (uint32)
 * @param stride elements spanned by one step of the dimension above (uint32)
 */
public record MultiArrayDimension(String label, int size, int stride) {
  /** Checks the label is given. */
  public MultiArrayDimension {
    if (label == null) {
      throw new IllegalArgumentException("MultiArrayDimension label must be given");
    }
  }
}
