/**
 * The embedded simulator: Bullet physics (Libbulletjme) for a table-top scene with a two-finger
 * gripper, pure-Java deterministic rendering, seeded tasks ({@code reach}, {@code push-t}, {@code
 * pick-place}) with scripted experts, a dataset recorder and an oracle world model.
 *
 * <p>Conventions: world frame = robot base frame, z up, the table top at z = 0, SI units. One
 * {@link dev.foresight.sim.SimWorld} per episode; worlds share no state, so episodes can run on
 * parallel threads.
 */
package dev.foresight.sim;
