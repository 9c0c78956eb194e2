/**
 * The closed loop in the simulator: policies that plan in a world model, an episode runner that
 * records what happened, and the ground-truth (oracle) model in task-state form.
 */
package dev.foresight.sim.loop;
