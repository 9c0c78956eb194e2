/**
 * A ROS 1 client on Netty: {@link dev.foresight.ros.RosNode} joins a ROS graph (master and slave
 * XML-RPC APIs, TCPROS publishers and subscribers, parameters), {@link dev.foresight.ros.Topic}
 * binds a graph name to a message type, {@link dev.foresight.ros.NameResolver} and {@link
 * dev.foresight.ros.NodeArguments} implement ROS graph names and command-line remapping. Message
 * types live in {@code dev.foresight.ros.msg}, XML-RPC in {@code dev.foresight.ros.xmlrpc}, the
 * wire machinery in {@code dev.foresight.ros.internal}, and helpers that start the real ROS tools
 * (for tests and benchmarks) in {@code dev.foresight.ros.tools}. This module reads no environment
 * variables: {@code launch} passes them in.
 */
package dev.foresight.ros;
