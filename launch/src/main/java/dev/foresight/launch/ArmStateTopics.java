package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.core.ArmState;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;

/**
 * An arm's measured state on ROS, as the perception node reads it: {@code sensor_msgs/JointState}
 * on {@code joint_states} (the arm's joints, then the gripper as {@link
 * PerceptionNode#GRIPPER_JOINT}) and {@code geometry_msgs/PoseStamped} on {@code ee_pose} (both
 * remappable, defaults from {@code ros.jointStateTopic} and {@code ros.eePoseTopic}).
 */
final class ArmStateTopics {
  private final NodeTransport.Outlet<JointState> joints;
  private final NodeTransport.Outlet<PoseStamped> poses;
  private final String[] names;
  private final String frameId;
  private int sequence;

  /**
   * Advertises both topics on {@code node}.
   *
   * @param jointCount the arm's joints, without the gripper
   * @param frameId the robot base frame the poses are in
   */
  ArmStateTopics(RosNode node, RosSettings ros, int jointCount, String frameId) {
    this(new Ros1Transport(node, false), ros, jointCount, frameId);
  }

  /**
   * Advertises both topics on {@code node} (reliable on ROS 2).
   *
   * @param jointCount the arm's joints, without the gripper
   * @param frameId the robot base frame the poses are in
   */
  ArmStateTopics(NodeTransport node, RosSettings ros, int jointCount, String frameId) {
    this.joints =
        node.advertise(
            Topic.of(node.local("joint_states", ros.jointStateTopic()), JointState.TYPE),
            NodeTransport.Delivery.RELIABLE,
            10);
    this.poses =
        node.advertise(
            Topic.of(node.local("ee_pose", ros.eePoseTopic()), PoseStamped.TYPE),
            NodeTransport.Delivery.RELIABLE,
            10);
    this.names = new String[jointCount + 1];
    for (int i = 0; i < jointCount; i++) {
      names[i] = "joint_" + (i + 1);
    }
    names[jointCount] = PerceptionNode.GRIPPER_JOINT;
    this.frameId = frameId;
  }

  /** The joint-state topic's resolved name. */
  String jointTopic() {
    return joints.topicName();
  }

  /** The end-effector pose topic's resolved name. */
  String poseTopic() {
    return poses.topicName();
  }

  /**
   * Publishes one state; not thread-safe (one publishing thread).
   *
   * @param positionsRad the arm's joint positions, {@code names.length - 1} of them
   * @param velocitiesRadPerS the arm's joint velocities, as many
   */
  void publish(ArmState state, double[] positionsRad, double[] velocitiesRadPerS) {
    publish(state, positionsRad, velocitiesRadPerS, System.currentTimeMillis() * 1_000_000L);
  }

  /**
   * Publishes one state with the given header stamp (e.g. a simulation clock's); not thread-safe.
   *
   * @param stampNanos header stamp, ns since the epoch
   */
  void publish(ArmState state, double[] positionsRad, double[] velocitiesRadPerS, long stampNanos) {
    int n = names.length - 1;
    double[] position = new double[n + 1];
    double[] velocity = new double[n + 1];
    System.arraycopy(positionsRad, 0, position, 0, n);
    System.arraycopy(velocitiesRadPerS, 0, velocity, 0, n);
    position[n] = state.gripper();
    Header header = Header.of(sequence++, stampNanos, frameId);
    joints.publish(new JointState(header, names, position, velocity, new double[0]));
    poses.publish(new PoseStamped(header, PoseMessage.fromPose(state.eePoseInBase())));
  }
}
