/**
 * Launch descriptions: YAML files naming the components of a Foresight system, how each runs
 * (inside this JVM, or as its own process), what it waits for, and how it is checked and stopped.
 * {@link dev.foresight.launch.wiring.Launcher} starts them in dependency order and stops them in
 * reverse order, so the commanding side stops before the bridge agent, whose shutdown holds the
 * arm.
 */
package dev.foresight.launch.wiring;
