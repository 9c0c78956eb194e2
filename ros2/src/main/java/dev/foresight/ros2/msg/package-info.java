/**
 * ROS 2 messages Foresight uses, as records, with plain-CDR codecs whose byte layout is ROS 2's
 * ({@code sensor_msgs/msg/Image}, {@code std_msgs/msg/Float32MultiArray}, {@code
 * geometry_msgs/msg/TwistStamped}).
 */
package dev.foresight.ros2.msg;
