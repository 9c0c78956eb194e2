/**
 * ROS 2 transport on Fast-DDS (through IHMC's Java bindings): {@link dev.foresight.ros2.Ros2Node}
 * with typed publishers and subscriptions, ROS 2 topic and type names on the wire, QoS profiles and
 * domains, so stock ROS 2 nodes (rmw_fastrtps) and plain Fast-DDS programs interoperate.
 */
package dev.foresight.ros2;
