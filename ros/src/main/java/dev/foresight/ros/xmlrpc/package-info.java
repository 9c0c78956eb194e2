/**
 * XML-RPC over HTTP on Netty, as the ROS 1 master and slave APIs use it. Accepts both dialects met
 * in a ROS graph: the typed values rospy sends ({@code <string>}, {@code <int>}, {@code <boolean>},
 * {@code <array>}, {@code <struct>}) and roscpp's untyped {@code <value>text</value>} strings and
 * {@code <i4>} integers. Values map to Java as {@link java.lang.String}, {@link java.lang.Integer},
 * {@link java.lang.Boolean}, {@link java.lang.Double}, {@code byte[]} (base64), {@link
 * java.util.List} (array) and {@link java.util.Map} with string keys (struct).
 */
package dev.foresight.ros.xmlrpc;
