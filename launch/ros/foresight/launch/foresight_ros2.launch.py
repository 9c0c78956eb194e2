"""Foresight's nodes on ROS 2 next to your camera and arm.

Untested here: no ROS 2 distribution runs on the machines Foresight is built and tested on (Debian
12 ships Fast-DDS, not ROS 2). The same nodes are tested over ROS 2's wire conventions against a
C++ Fast-DDS peer, and launch/examples/sim-ros2-nodes.yaml starts the same system with
`./foresight launch`.

Run it from a ROS 2 shell (Humble or later), no colcon build needed:

    ros2 launch launch/ros/foresight/launch/foresight_ros2.launch.py \
        config:=$PWD/config/examples/sim-pick-place.yaml camera_topic:=/camera/image_raw

Each node is `foresight node NAME ... --ros-args -r __node:=... -r from:=to`, started from the
checkout this file lives in (FORESIGHT_CLI overrides the command). ROS_DOMAIN_ID applies as usual.
The agent's `ros` driver publishes geometry_msgs/TwistStamped on MoveIt 2 Servo's default input,
/servo_node/delta_twist_cmds.
"""

import os

from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, ExecuteProcess
from launch.conditions import IfCondition
from launch.substitutions import LaunchConfiguration

HERE = os.path.dirname(os.path.abspath(__file__))
FORESIGHT = os.environ.get(
    "FORESIGHT_CLI", os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "foresight"))
)


def node(name, node_name, arguments, remappings=(), condition=None):
    """`foresight node NAME ARGS --ros-args -r __node:=NODE_NAME -r from:=to ...`."""
    command = [FORESIGHT, "node", name] + list(arguments)
    command += ["--ros-args", "-r", "__node:=" + node_name]
    for source, target in remappings:
        command += ["-r", [source, ":=", target]]
    return ExecuteProcess(cmd=command, name=node_name, output="screen", condition=condition)


def generate_launch_description():
    config = LaunchConfiguration("config")
    camera_topic = LaunchConfiguration("camera_topic")
    goal_topic = LaunchConfiguration("goal_topic")
    driver = LaunchConfiguration("driver")
    bridge_port = LaunchConfiguration("bridge_port")
    return LaunchDescription(
        [
            DeclareLaunchArgument("config", description="Foresight YAML configuration"),
            DeclareLaunchArgument("camera_topic", default_value="/camera/image_raw"),
            DeclareLaunchArgument("goal_topic", default_value="/goal/image_raw"),
            DeclareLaunchArgument(
                "driver",
                default_value="ros",
                description="kinematic, log, ros (MoveIt 2 Servo) or sim",
            ),
            DeclareLaunchArgument("bridge_port", default_value="7450"),
            DeclareLaunchArgument(
                "with_agent", default_value="true", description="start the bridge agent node"
            ),
            node(
                "agent",
                "foresight_agent",
                ["--config", config, "--driver", driver, "--port", bridge_port],
                condition=IfCondition(LaunchConfiguration("with_agent")),
            ),
            node(
                "perception",
                "foresight_perception",
                ["--config", config],
                [("image", camera_topic), ("goal_image", goal_topic)],
            ),
            node(
                "planner",
                "foresight_planner",
                ["--config", config, "--bridge", "--bridge-port", bridge_port],
            ),
        ]
    )
