/**
 * The robot bridge: carries the planner's end-effector commands over TCP to an agent next to the
 * arm, and the arm's state back.
 *
 * <p>Protocol: length-prefixed protobuf ({@code foresight.bridge.v1}, generated into {@code
 * dev.foresight.bridge.v1}). Agent side: {@link dev.foresight.bridge.RobotAgent} (Netty server,
 * hello and token check, one controlling client, safety filter, watchdog) feeding a {@link
 * dev.foresight.bridge.ControlLoop} thread that interpolates setpoints to an {@link
 * dev.foresight.bridge.ArmDriver}. Planner side: {@link dev.foresight.bridge.BridgeClient}.
 *
 * <p>The generated protocol classes stay inside this module: clients read the agent through the
 * typed API ({@link dev.foresight.bridge.AgentState}, {@link dev.foresight.bridge.AgentWelcome},
 * {@link dev.foresight.bridge.AgentLimits}, {@link dev.foresight.bridge.AgentReject}, {@link
 * dev.foresight.bridge.StopCause}, {@link dev.foresight.bridge.AgentMode}, {@link
 * dev.foresight.bridge.BridgeListener}).
 */
package dev.foresight.bridge;
