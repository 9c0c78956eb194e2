/**
 * The simulated plant: Bullet physics (Libbulletjme) for a table-top scene with a two-finger
 * gripper, pure-Java deterministic rendering, seeded tasks ({@code reach}, {@code push-t}, {@code
 * pick-place}) with scripted experts, an oracle world model and the simulated arm behind the bridge
 * agent ({@link dev.foresight.sim.SimArmDriver}). It depends on core and the bridge's arm-driver
 * SPI only; what plans in it, records it and judges it lives in sim-tests.
 *
 * <p>Conventions: world frame = robot base frame, z up, the table top at z = 0, SI units. One
 * {@link dev.foresight.sim.SimWorld} per episode; worlds share no state, so episodes can run on
 * parallel threads.
 */
package dev.foresight.sim;
