/**
 * The {@code foresight} command line and the wiring of Foresight's components into one process,
 * separate processes or ROS nodes. This is the only module that reads environment variables and
 * system properties.
 *
 * <p>Commands parse their options and call one home per shared concern: {@code ConfigFiles} (the
 * config file and the model it names), {@code BridgeTokens} (the bridge token), {@code BridgeTls}
 * (TLS key and trust stores), {@code ReportJson} (report folders' JSON), {@code RosNodeEnvironment}
 * (ROS arguments and node start) and {@code ArmDrivers} (the agent's arm drivers); {@code
 * ShutdownHook} handles Ctrl-C for every long-running command.
 */
package dev.foresight.launch;
