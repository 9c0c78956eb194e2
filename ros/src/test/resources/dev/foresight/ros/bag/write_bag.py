"""Writes a bag of known messages with ROS's own rosbag library (run with Debian's python3).

usage: write_bag.py OUT COMPRESSION COUNT CHUNK_THRESHOLD closed|unclosed

Step i (0 <= i < COUNT) at time 1700000000 s + i * 100 ms records:
  /camera/image_raw  sensor_msgs/Image 4x3 rgb8, data[k] = (7 i + k) % 256, stamp = the step time
  /arm/pose          geometry_msgs/PoseStamped at +30 ms, position (0.1 i, 0.2, 0.3), identity
  /joint_states      sensor_msgs/JointState at +60 ms, name [gripper], position [0.01 i]
Images are written first, then poses, then joint states, so chunks overlap in time and a reader
must merge them. "unclosed" leaves the bag as a killed recording does: complete chunks, no index.
"""
import os
import sys

import rosbag
import rospy
from geometry_msgs.msg import PoseStamped
from sensor_msgs.msg import Image, JointState

out, compression, count, threshold, mode = sys.argv[1:6]
count = int(count)
base = 1700000000


def at(i, offset_ms):
    return rospy.Time(base, 0) + rospy.Duration(0, (i * 100 + offset_ms) * 1000000)


bag = rosbag.Bag(out, 'w', compression=compression, chunk_threshold=int(threshold))
for i in range(count):
    image = Image()
    image.header.stamp = at(i, 0)
    image.header.frame_id = 'camera'
    image.height, image.width, image.encoding, image.step = 3, 4, 'rgb8', 12
    image.data = bytes((7 * i + k) % 256 for k in range(36))
    bag.write('/camera/image_raw', image, at(i, 0))
for i in range(count):
    pose = PoseStamped()
    pose.header.stamp = at(i, 30)
    pose.header.frame_id = 'base'
    pose.pose.position.x, pose.pose.position.y, pose.pose.position.z = 0.1 * i, 0.2, 0.3
    pose.pose.orientation.w = 1.0
    bag.write('/arm/pose', pose, at(i, 30))
for i in range(count):
    joints = JointState()
    joints.header.stamp = at(i, 60)
    joints.name = ['gripper']
    joints.position = [0.01 * i]
    bag.write('/joint_states', joints, at(i, 60))
if mode == 'unclosed':
    bag.flush()
    bag._file.flush()
    os._exit(0)
bag.close()
