"""Writes a bag of a robot run with ROS's own rosbag library (run with Debian's python3).

usage: write_robot_bag.py OUT COMPRESSION [ENCODING [jump|boundary]]

With "jump", the second run is recorded first, as when the recorder's clock jumps back.
With "boundary", a std_msgs/String on /episode_end follows the messages at 1000 ms.
With ENCODING "png", the camera topic carries sensor_msgs/CompressedImage PNGs of the same pixels.

Two runs, 0 to 2 s and 5 to 6 s after 1700000000 s, each with (t in ms from the base):
  /camera/image_raw   sensor_msgs/Image 16x16 rgb8 every 50 ms, every pixel (t / 50 % 256, 100, 200)
  /ee_pose            geometry_msgs/PoseStamped every 20 ms from 10 ms, x = 0.0001 t, yaw 0.3 rad
  /joint_states       sensor_msgs/JointState every 20 ms from 10 ms, gripper = (t % 1000) / 1000
  /planner/command    geometry_msgs/TwistStamped every 100 ms from 5 ms, 0.2 m/s x, 0.1 rad/s yaw
"""
import math
import struct
import sys
import zlib

import rosbag
import rospy
from geometry_msgs.msg import PoseStamped, TwistStamped
from sensor_msgs.msg import CompressedImage, Image, JointState
from std_msgs.msg import String

out, compression = sys.argv[1:3]
encoding = sys.argv[3] if len(sys.argv) > 3 else 'rgb8'
runs = ((0, 2000), (5000, 6000))
if len(sys.argv) > 4 and sys.argv[4] == 'jump':
    runs = runs[::-1]
boundary = len(sys.argv) > 4 and sys.argv[4] == 'boundary'
base = 1700000000


def png(width, height, rgb):
    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body))
    rows = b''.join(b'\x00' + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))
    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(rows))
            + chunk(b'IEND', b''))


def at(ms):
    return rospy.Time(base, 0) + rospy.Duration(0, ms * 1000000)


with rosbag.Bag(out, 'w', compression=compression, chunk_threshold=16 * 1024) as bag:
    for start, end in runs:
        for t in range(start, end):
            if t % 50 == 0:
                pixels = bytes([t // 50 % 256, 100, 200] * 256)
                if encoding == 'png':
                    image = CompressedImage()
                    image.format = 'rgb8; png compressed bgr8'
                    image.data = png(16, 16, pixels)
                else:
                    image = Image()
                    image.height, image.width, image.encoding, image.step = 16, 16, encoding, 48
                    image.data = pixels
                image.header.stamp = at(t)
                bag.write('/camera/image_raw', image, at(t))
            if t % 20 == 10:
                pose = PoseStamped()
                pose.header.stamp = at(t)
                pose.pose.position.x, pose.pose.position.y, pose.pose.position.z = 0.0001 * t, 0.0, 0.2
                pose.pose.orientation.z, pose.pose.orientation.w = math.sin(0.15), math.cos(0.15)
                bag.write('/ee_pose', pose, at(t))
                joints = JointState()
                joints.header.stamp = at(t)
                joints.name = ['joint_1', 'gripper']
                joints.position = [0.0, (t % 1000) / 1000.0]
                bag.write('/joint_states', joints, at(t))
            if t % 100 == 5:
                command = TwistStamped()
                command.header.stamp = at(t)
                command.twist.linear.x = 0.2
                command.twist.angular.z = 0.1
                bag.write('/planner/command', command, at(t))
            if boundary and t == 1000:
                bag.write('/episode_end', String(data='next'), at(t))
