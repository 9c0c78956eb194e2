package dev.foresight.ros2;

/**
 * The quality of service of a ROS 2 publisher or subscription, in the terms ROS 2 users know. A
 * reliable subscription does not match a best-effort publisher, nor a transient-local subscription
 * a volatile publisher; the other pairs match.
 *
 * @param reliability whether lost samples are repaired
 * @param durability whether late subscriptions get the last samples
 * @param depth samples kept (keep-last history), 1 to {@value #MAX_DEPTH}
 */
public record Ros2Qos(Reliability reliability, Durability durability, int depth) {
  /** Most samples a history keeps. */
  public static final int MAX_DEPTH = 1000;

  /** Sensor data (rclcpp's {@code SensorDataQoS}): best effort, volatile, keep last 5. Images. */
  public static final Ros2Qos SENSOR_DATA =
      new Ros2Qos(Reliability.BEST_EFFORT, Durability.VOLATILE, 5);

  /** ROS 2's default: reliable, volatile, keep last 10. Commands and latents. */
  public static final Ros2Qos RELIABLE = new Ros2Qos(Reliability.RELIABLE, Durability.VOLATILE, 10);

  /** Latched: reliable, transient local, keep last 1. The goal latent. */
  public static final Ros2Qos TRANSIENT_LOCAL =
      new Ros2Qos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1);

  /** Reliability kinds. */
  public enum Reliability {
    /** Lost samples are repaired by retransmission. */
    RELIABLE,
    /** Lost samples stay lost. */
    BEST_EFFORT
  }

  /** Durability kinds. */
  public enum Durability {
    /** Only samples written after the subscription matched are delivered. */
    VOLATILE,
    /** The publisher keeps its last {@code depth} samples for subscriptions that match later. */
    TRANSIENT_LOCAL
  }

  /** Checks the fields. */
  public Ros2Qos {
    if (reliability == null || durability == null) {
      throw new IllegalArgumentException("QoS reliability and durability must be given");
    }
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "QoS depth must be in [1, " + MAX_DEPTH + "], got " + depth);
    }
  }

  /** This QoS with history depth {@code newDepth}. */
  public Ros2Qos withDepth(int newDepth) {
    return new Ros2Qos(reliability, durability, newDepth);
  }

  /**
   * Why a subscription with this QoS does not match a publisher with {@code offered}, or null when
   * they match (DDS's request-offered rules for reliability and durability).
   */
  public String incompatibilityWith(Ros2Qos offered) {
    if (reliability == Reliability.RELIABLE && offered.reliability == Reliability.BEST_EFFORT) {
      return "the subscription requests RELIABLE, the publisher offers BEST_EFFORT";
    }
    if (durability == Durability.TRANSIENT_LOCAL && offered.durability == Durability.VOLATILE) {
      return "the subscription requests TRANSIENT_LOCAL, the publisher offers VOLATILE";
    }
    return null;
  }
}
