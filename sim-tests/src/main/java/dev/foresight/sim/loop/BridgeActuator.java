package dev.foresight.sim.loop;

import dev.foresight.bridge.AgentMode;
import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.bridge.StopCause;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import dev.foresight.runtime.BridgeCommands;
import dev.foresight.runtime.CommandSink;
import dev.foresight.sim.EeSetpoint;
import dev.foresight.sim.Episode;
import dev.foresight.sim.SimArmDriver;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries actions through the real bridge: a {@link RobotAgent} on a loopback port drives the
 * episode's arm through {@link SimArmDriver}, and a {@link BridgeClient} streams the commands with
 * heartbeats, exactly as a planner talks to a real arm's agent. The agent's safety filter, watchdog
 * and control loop are all in the path: the evaluation layer's command sink that sends bridge
 * targets. One actuator per episode; close it after the episode.
 */
public final class BridgeActuator implements CommandSink, AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(BridgeActuator.class);
  private static final Duration COMMAND_VALIDITY = Duration.ofMillis(500);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

  private final Episode episode;
  private final SimArmDriver driver;
  private final dev.foresight.config.Box workspace;
  private final double startRoll;
  private final double startPitch;
  private final RobotAgent agent;
  private final BridgeClient client;
  private final BridgeCommands commands;
  private int rearms;

  /** The agent's stop cause at each re-arm attempt (watchdog trips on a starved machine, …). */
  private final java.util.List<String> stopCauses = new java.util.ArrayList<>();

  /**
   * Starts an agent for the episode's arm and connects a client that holds control.
   *
   * @param profile limits the agent enforces
   */
  public BridgeActuator(Episode episode, RobotProfile profile) throws InterruptedException {
    this.episode = episode;
    this.driver = new SimArmDriver(episode);
    this.workspace = profile.workspaceInBase();
    Pose start = episode.world().arm().state().eePoseInBase();
    this.startRoll = start.roll();
    this.startPitch = start.pitch();
    this.agent = RobotAgent.start(AgentOptions.loopback(profile), driver);
    BridgeClient connected = null;
    try {
      AtomicLong states = new AtomicLong();
      connected =
          BridgeClient.builder("127.0.0.1", agent.port())
              .optClientId("foresight-sim-loop")
              .optHeartbeat(Duration.ofMillis(20))
              .optListener(BridgeCommands.listener(states))
              .connect();
      this.client = connected;
      // The runtime's arming rule, re-arming after watchdog stops (a starved machine): the
      // episode's seeded result does not depend on timing, as every target is absolute.
      this.commands = new BridgeCommands(connected, states, COMMAND_VALIDITY, true, null);
      commands.awaitArmed(STEP_TIMEOUT);
    } catch (RuntimeException | InterruptedException e) {
      if (connected != null) {
        connected.close();
      }
      agent.close();
      throw e;
    }
  }

  /** The driver, e.g. to render while no agent tick touches the world. */
  public SimArmDriver driver() {
    return driver;
  }

  /** The agent (telemetry, address). */
  public RobotAgent agent() {
    return agent;
  }

  /** Asks the agent to stop the arm, as an operator's stop would; for tests. */
  void requestStop(String reason) {
    commands.stop(reason);
  }

  /**
   * Lets the next re-arm acknowledge a latched stop of this cause, as a person who checked the arm
   * would; for tests. Without it a latched stop ends the episode.
   */
  void acknowledgeStop(StopCause cause) {
    commands.acknowledgeOnce(cause);
  }

  /** Closes the client's connection only, as a dying planner process would; for tests. */
  void dropConnection() {
    client.close();
  }

  /**
   * Re-arms after the agent stopped the arm without latching (e.g. a watchdog trip on a starved
   * machine).
   */
  public int rearms() {
    return rearms;
  }

  /**
   * Sends the action as an absolute end-effector target: the measured pose plus the (masked,
   * clipped) action, kept inside the workspace — the setpoint {@link Episode#step} applies, so the
   * arm does what the world models (trained on recorded steps) and the oracle predict, also while a
   * contact holds it back. In lockstep the measured pose only changes when a command is applied, so
   * absolute targets keep the agent's target independent of where its real-time interpolation
   * stood, including after a re-arm: an episode's physics — and result — does not depend on timing.
   */
  @Override
  public void send(Action action) throws Exception {
    Action constrained = episode.constrain(action);
    EeSetpoint[] asked = new EeSetpoint[1];
    driver.withWorld(() -> asked[0] = episode.setpoint(constrained));
    EeSetpoint setpoint = asked[0];
    Pose target =
        new Pose(
            workspace.clamp(0, setpoint.x()),
            workspace.clamp(1, setpoint.y()),
            workspace.clamp(2, setpoint.z()),
            startRoll,
            startPitch,
            setpoint.yaw());
    for (int attempt = 0; attempt < 3; attempt++) {
      long sequence = commands.sendTarget(target, constrained.gripper());
      if (driver.advance(sequence, STEP_TIMEOUT) && driver.awaitSettled(sequence, STEP_TIMEOUT)) {
        return;
      }
      rearms++;
      stopCauses.add(agent.controlLoop().stopCause().name());
      awaitStopHeard();
      commands.rearmIfAllowed(STEP_TIMEOUT);
    }
    throw new IllegalStateException(
        "the agent kept stopping the arm (last cause "
            + agent.controlLoop().stopCause()
            + "); gave up after 3 re-arms");
  }

  /** Waits (bounded) until the client's state shows the stop this process's agent already made. */
  private void awaitStopHeard() throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (!agent.controlLoop().isArmed()
        && client.latestState() != null
        && client.latestState().mode() == AgentMode.AGENT_MODE_ARMED
        && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  @Override
  public void close() {
    if (rearms > 0) {
      LOG.warn(
          "episode needed {} re-arm attempt(s) after the agent stopped the arm ({}); its result"
              + " may differ from a run without",
          rearms,
          String.join(", ", stopCauses));
    }
    commands.stop("episode over");
    client.close();
    agent.close();
  }
}
