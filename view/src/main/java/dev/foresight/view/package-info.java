/**
 * The live view in the browser: a Netty HTTP and WebSocket server that shows a running control loop
 * — the newest camera frame and the goal image, energy and planning time per step, the planned
 * actions and the path they imply over the workspace box, the agent's arm state — and sends a STOP
 * through the bridge as an observer session. {@link dev.foresight.view.LiveView} is the entry
 * point; the control loop never waits for it.
 */
package dev.foresight.view;
