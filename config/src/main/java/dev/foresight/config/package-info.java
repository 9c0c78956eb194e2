/**
 * Immutable, typed configuration: robot profile, planner settings, model reference, bridge endpoint
 * and ROS settings, loaded from YAML by {@link dev.foresight.config.ConfigLoader}.
 *
 * <p>Every tunable has a unit, a default and a {@link dev.foresight.config.Range}; records check
 * their arguments when built in code, and the loader reports every violation in a file at once with
 * file, line, key path, bad value and the allowed values.
 */
package dev.foresight.config;
