package dev.foresight.ros2.msg;

/**
 * {@code geometry_msgs/msg/Point}: a position in m.
 *
 * @param x first coordinate, m
 * @param y second coordinate, m
 * @param z third coordinate, m
 */
public record Point(double x, double y, double z) {}
