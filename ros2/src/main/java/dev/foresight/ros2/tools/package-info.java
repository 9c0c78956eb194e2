/**
 * Tools around the ROS 2 transport: the C++ Fast-DDS peer build and the image benchmark behind
 * {@code foresight bench ros2}.
 */
package dev.foresight.ros2.tools;
