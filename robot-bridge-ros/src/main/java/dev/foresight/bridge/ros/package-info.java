/**
 * ROS arm drivers for the bridge agent: adapters of the {@link dev.foresight.bridge.ArmDriver} SPI
 * that drive an arm through ROS topics ({@link dev.foresight.bridge.ros.RosTwistArmDriver}: end-
 * effector twists, e.g. for MoveIt Servo). In a module of their own so that an agent carries the
 * ROS client only when it drives a ROS arm.
 */
package dev.foresight.bridge.ros;
