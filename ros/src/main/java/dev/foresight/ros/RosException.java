package dev.foresight.ros;

import java.io.IOException;

/** A ROS API call failed: the master or a node answered with an error or could not be reached. */
public final class RosException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, naming the URI, the call and the reason
   */
  public RosException(String message) {
    super(message);
  }

  /**
   * @param message what failed, naming the URI, the call and the reason
   * @param cause the underlying failure
   */
  public RosException(String message, Throwable cause) {
    super(message, cause);
  }
}
