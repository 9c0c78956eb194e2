/**
 * The runtime: one control tick, built once — a {@link dev.foresight.runtime.FrameSource}
 * (simulated camera, hosted episode, ROS topic), {@link dev.foresight.perception.Perception}, a
 * {@link dev.foresight.runtime.PlanningStack} opened from config, and a {@link
 * dev.foresight.runtime.CommandSink} (bridge deltas or targets, ROS twist, the simulator directly).
 * {@link dev.foresight.runtime.ControlTick} chains the first three; {@link
 * dev.foresight.runtime.ClosedLoop} runs ticks against a bridge agent. Every entry point (demo,
 * {@code sim eval}, {@code run}, the ROS nodes) only picks a source and a sink.
 */
package dev.foresight.runtime;
