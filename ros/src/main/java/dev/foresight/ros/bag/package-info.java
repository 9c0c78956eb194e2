/**
 * Reads ROS 1 bag files (format 2.0) without a ROS installation: {@link
 * dev.foresight.ros.bag.RosBag} lists a bag's connections and returns the messages of chosen topics
 * in receive-time order, with chunks stored uncompressed or compressed with bz2 or lz4, and with or
 * without the index that {@code rosbag record} writes when it closes a bag. Every length a file
 * declares is checked against the file and against {@link dev.foresight.ros.bag.RosBag.Limits}
 * before it is used; a malformed bag is one {@link dev.foresight.core.io.InvalidFileException}
 * naming the file, the byte offset, the bad value and what was expected.
 */
package dev.foresight.ros.bag;
