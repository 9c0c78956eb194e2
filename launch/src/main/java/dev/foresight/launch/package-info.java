/**
 * The {@code foresight} command line and the wiring of Foresight's components into one process,
 * separate processes or ROS nodes. This is the only module that reads environment variables and
 * system properties.
 *
 * <p>Commands parse their options and call one home per shared concern: {@link
 * dev.foresight.launch.ConfigFiles} (the config file and the model it names), {@link
 * dev.foresight.launch.BridgeTokens} (the bridge token), {@link dev.foresight.launch.BridgeTls}
 * (TLS key and trust stores), {@link dev.foresight.launch.ReportJson} (report folders' JSON),
 * {@link dev.foresight.launch.RosNodeEnvironment} (ROS arguments and node start) and {@link
 * dev.foresight.launch.ArmDrivers} (the agent's arm drivers).
 */
package dev.foresight.launch;
