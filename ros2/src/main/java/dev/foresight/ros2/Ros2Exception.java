package dev.foresight.ros2;

/** A ROS 2 operation failed: the node cannot join its domain or an endpoint cannot be made. */
public final class Ros2Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} caused by {@code cause}. */
  public Ros2Exception(String message, Throwable cause) {
    super(message, cause);
  }
}
