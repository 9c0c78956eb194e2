package dev.foresight.bridge;

import dev.foresight.bridge.v1.Box3d;
import dev.foresight.bridge.v1.Limits;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.config.Box;
import java.time.Duration;
import java.util.List;

/**
 * The agent's answer to an accepted hello: which robot it drives, whether this client holds control
 * and the limits it enforces. Immutable.
 */
public final class AgentWelcome {
  private final Welcome welcome;

  AgentWelcome(Welcome welcome) {
    this.welcome = welcome;
  }

  /** The robot this agent drives ({@code robot.robotId}). */
  public String robotId() {
    return welcome.getRobotId();
  }

  /** Whether this client holds control; otherwise it only watches. */
  public boolean hasControl() {
    return welcome.getHasControl();
  }

  /** Who holds control when this client does not; empty when nobody does. */
  public String controllerId() {
    return welcome.getControllerId();
  }

  /** Identifies this connection in the agent's logs. */
  public long sessionId() {
    return welcome.getSessionId();
  }

  /** Features the agent supports, e.g. {@code ee_delta}, {@code ee_target}, {@code heartbeat}. */
  public List<String> capabilities() {
    return List.copyOf(welcome.getCapabilitiesList());
  }

  /**
   * The limits the agent enforces.
   *
   * @throws IllegalArgumentException when the announced workspace box is not a box
   */
  public AgentLimits limits() {
    Limits l = welcome.getLimits();
    Box3d b = l.getWorkspaceInBase();
    return new AgentLimits(
        new Box(b.getMinX(), b.getMinY(), b.getMinZ(), b.getMaxX(), b.getMaxY(), b.getMaxZ()),
        l.getMaxEeSpeedMps(),
        l.getMaxStepM(),
        l.getMaxRotationStepRad(),
        l.getGripperMin(),
        l.getGripperMax(),
        l.getControlRateHz(),
        Duration.ofMillis(Integer.toUnsignedLong(l.getWatchdogTimeoutMillis())),
        l.getCollaborative(),
        l.getEffectiveSpeedLimitMps());
  }

  /** The message as received, for protocol tests. */
  Welcome wire() {
    return welcome;
  }

  @Override
  public String toString() {
    return "AgentWelcome[robotId="
        + robotId()
        + ", hasControl="
        + hasControl()
        + ", sessionId="
        + sessionId()
        + "]";
  }
}
