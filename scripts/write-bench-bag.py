"""Writes a robot-like bag for `foresight bench bag` with ROS's rosbag library.

usage: /usr/bin/python3 scripts/write-bench-bag.py OUT none|bz2|lz4 [SECONDS]

30 Hz 640x480 rgb8 camera (a moving gradient with 1/8 of its bytes random, so it compresses
roughly as camera images do), 100 Hz PoseStamped and JointState, 10 Hz TwistStamped commands.
"""
import os
import sys

import rosbag
import rospy
from geometry_msgs.msg import PoseStamped, TwistStamped
from sensor_msgs.msg import Image, JointState

out, compression = sys.argv[1:3]
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
base = rospy.Time(1700000000, 0)
row = bytes(range(256)) * 16
with rosbag.Bag(out, 'w', compression=compression) as bag:
    for ms in range(0, seconds * 1000):
        t = base + rospy.Duration(0, ms * 1000000)
        if ms % 33 == 0 and ms % 1000 < 990:
            image = Image()
            image.header.stamp = t
            image.height, image.width, image.encoding, image.step = 480, 640, 'rgb8', 1920
            shift = ms // 33 % 256
            data = bytearray((row[shift:shift + 1920]) * 480)
            noise = os.urandom(len(data) // 8)
            data[::8] = noise
            image.data = bytes(data)
            bag.write('/camera/image_raw', image, t)
        if ms % 10 == 0:
            pose = PoseStamped()
            pose.header.stamp = t
            pose.pose.position.x = ms * 1e-5
            pose.pose.orientation.w = 1.0
            bag.write('/ee_pose', pose, t)
            joints = JointState()
            joints.header.stamp = t
            joints.name = ['joint_%d' % i for i in range(1, 7)] + ['gripper']
            joints.position = [0.1 * i for i in range(7)]
            bag.write('/joint_states', joints, t)
        if ms % 100 == 5:
            command = TwistStamped()
            command.header.stamp = t
            command.twist.linear.x = 0.05
            bag.write('/planner/command', command, t)
