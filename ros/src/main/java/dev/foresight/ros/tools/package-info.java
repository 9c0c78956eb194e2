/**
 * Starts and stops the real ROS 1 tools from Debian's packages ({@code roscore}, {@code rostopic},
 * {@code rosbag}, {@code roslaunch}, rospy scripts) as child processes with their own {@code
 * ROS_HOME}, for interoperability tests and benchmarks. The tools run under Debian's {@code
 * /usr/bin/python3}; children get a {@code PATH} that starts with {@code /usr/bin}.
 */
package dev.foresight.ros.tools;
