/**
 * The {@code foresight} command line and the wiring of Foresight's components into one process,
 * separate processes or ROS nodes. This is the only module that reads environment variables and
 * system properties.
 */
package dev.foresight.launch;
