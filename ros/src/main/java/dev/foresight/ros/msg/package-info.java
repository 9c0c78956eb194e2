/**
 * ROS 1 message types Foresight speaks, as immutable records with hand-written little-endian
 * serialisation, and {@link dev.foresight.ros.msg.MessageSpec}, which computes each type's md5 sum
 * from its definition the way genmsg does. Array fields are shared, not copied: treat them as
 * read-only once a message is built.
 */
package dev.foresight.ros.msg;
