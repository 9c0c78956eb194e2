/** Glue between Foresight's ROS 2 types and the IHMC Fast-DDS bindings; not public API. */
package dev.foresight.ros2.internal;
