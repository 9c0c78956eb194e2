package dev.foresight.runtime;

import dev.foresight.bridge.AgentMode;
import dev.foresight.bridge.AgentReject;
import dev.foresight.bridge.AgentState;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.BridgeListener;
import dev.foresight.bridge.ControlLoop;
import dev.foresight.bridge.StopCause;
import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planner's side of a bridge agent, with the one arming rule every entry point follows: arm a
 * freshly started agent; re-arm from a stop only when told to — after a watchdog stop with {@code
 * rearmAfterWatchdog} ({@code --rearm}, a starved machine), or once from the stop cause named by
 * {@code --acknowledge-stop} (a person checked the arm). A latched stop is never re-armed
 * otherwise. Sends each action as an end-effector delta valid for {@code commandValidity}.
 */
public final class BridgeCommands implements CommandSink {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeCommands.class);
  private static final long ARM_REQUEST_INTERVAL_NANOS = 500_000_000L;

  private final BridgeClient client;
  private final Duration commandValidity;
  private final boolean rearmAfterWatchdog;
  private StopCause acknowledge;
  private final AtomicLong statesReceived;
  private long lastArmRequestNanos = System.nanoTime() - 2 * ARM_REQUEST_INTERVAL_NANOS;
  private boolean acknowledgeSent;
  private boolean acknowledged;
  private AgentMode lastMode = AgentMode.AGENT_MODE_UNSPECIFIED;
  private int rearms;

  /**
   * @param client connected with {@link #listener(AtomicLong)} as (part of) its listener
   * @param statesReceived the counter that listener feeds
   * @param commandValidity how long the agent may apply one command
   * @param rearmAfterWatchdog whether to re-arm after a watchdog stop while this client kept
   *     control
   * @param acknowledge a stop cause to re-arm from once, naming it; null for none
   */
  public BridgeCommands(
      BridgeClient client,
      AtomicLong statesReceived,
      Duration commandValidity,
      boolean rearmAfterWatchdog,
      StopCause acknowledge) {
    this.client = client;
    this.statesReceived = statesReceived;
    this.commandValidity = commandValidity;
    this.rearmAfterWatchdog = rearmAfterWatchdog;
    this.acknowledge = acknowledge;
  }

  /**
   * A bridge-client listener that counts the agent's state messages into {@code counter} and logs
   * its rejections of commands (a rejection for not being armed at debug level: the loop sees the
   * stop in the agent's state).
   */
  public static BridgeListener listener(AtomicLong counter) {
    return new BridgeListener() {
      @Override
      public void onState(AgentState state) {
        counter.incrementAndGet();
      }

      @Override
      public void onReject(AgentReject reject) {
        if (reject.reason() == AgentReject.Reason.REJECT_REASON_NOT_ARMED) {
          LOG.debug("agent rejected: {}", reject.message());
        } else {
          LOG.warn("agent rejected: {}", reject.message());
        }
      }
    };
  }

  /**
   * Two control periods, at least 0.5 s, so a busy machine does not drop commands as stale.
   *
   * @param controlPeriodSeconds the model's control period
   */
  public static Duration commandValidity(double controlPeriodSeconds) {
    return Duration.ofNanos(Math.max(500_000_000L, Math.round(2 * controlPeriodSeconds * 1e9)));
  }

  /** The client. */
  public BridgeClient client() {
    return client;
  }

  /** Agent state messages received so far. */
  public long statesReceived() {
    return statesReceived.get();
  }

  /** Re-arms after watchdog stops so far. */
  public int rearms() {
    return rearms;
  }

  /** Tells the agent the planning loop is alive (its deadman follows this, not the socket). */
  public void markProgress() {
    client.markProgress();
  }

  /**
   * Waits for the welcome with control, then arms a freshly started agent or one stopped for the
   * acknowledged cause.
   *
   * @throws IllegalStateException when control goes to another client, the arm is stopped for a
   *     cause this run may not re-arm from (naming the option that would), or arming times out
   */
  public void awaitArmed(Duration timeout) throws InterruptedException {
    if (!client.awaitWelcome(timeout).hasControl()) {
      throw new IllegalStateException(
          "the agent gave control to another client, expected to be the only controller");
    }
    waitUntilArmed(timeout, false);
  }

  /**
   * Keeps the agent armed by the rule above without blocking; call it from the planning loop. Logs
   * each stop once, with what would re-arm it.
   */
  public void keepArmed() {
    AgentState state = client.latestState();
    if (state == null || !client.hasControl()) {
      return;
    }
    AgentMode mode = state.mode();
    StopCause cause = state.stopCause();
    if (mode == AgentMode.AGENT_MODE_STOPPED
        && (cause == StopCause.STOP_CAUSE_STARTUP || acknowledges(state))) {
      requestArm(state);
    } else if (mode == AgentMode.AGENT_MODE_STOPPED && lastMode != AgentMode.AGENT_MODE_STOPPED) {
      if (rearmAfterWatchdog && cause == StopCause.STOP_CAUSE_WATCHDOG) {
        LOG.warn("the agent's watchdog stopped the arm: re-arming (--rearm)");
        client.rearm();
        rearms++;
      } else {
        LOG.warn(
            "agent stopped the arm ({}: {}): the arm holds{}",
            cause,
            state.stopDetail(),
            ControlLoop.latches(cause)
                ? "; the stop latches: check the arm, then restart the planner with"
                    + " --acknowledge-stop "
                    + StopCauses.name(cause)
                : rearmAfterWatchdog
                    ? ""
                    : "; restart with --rearm to re-arm after watchdog stops");
      }
    } else if (mode == AgentMode.AGENT_MODE_ARMED) {
      // An acknowledgement re-arms from one stop only: once armed, that cause latches again.
      acknowledged |= acknowledgeSent;
      if (lastMode == AgentMode.AGENT_MODE_STOPPED) {
        LOG.info("agent armed");
      }
    }
    lastMode = mode;
  }

  /**
   * Why commands can no longer be carried out, or null while the agent is armed and this client has
   * control. A watchdog stop with {@code rearmAfterWatchdog} is re-armed here (bounded wait) and
   * does not count as an end.
   */
  public String stopped() throws InterruptedException {
    AgentState state = client.latestState();
    if (!client.hasControl()) {
      return "lost control of the agent to another client";
    }
    if (state == null || state.mode() == AgentMode.AGENT_MODE_ARMED) {
      return null;
    }
    if (rearmAfterWatchdog
        && state.stopCause() == StopCause.STOP_CAUSE_WATCHDOG
        && rearmAfterWatchdogStop()) {
      rearms++;
      return null;
    }
    return "the agent stopped the arm (" + state.stopCause() + ")";
  }

  /** Whether the agent stopped the arm because this client asked it to (an operator stop). */
  public boolean stoppedOnRequest() {
    AgentState state = client.latestState();
    return client.hasControl()
        && state != null
        && state.stopCause() == StopCause.STOP_CAUSE_CLIENT_STOP;
  }

  /**
   * Sends the action as an end-effector delta.
   *
   * @throws IllegalStateException when the client is not connected to the agent
   */
  @Override
  public void send(Action action) {
    if (client.sendDelta(action, commandValidity) < 0) {
      throw new IllegalStateException("lost the connection to the agent");
    }
  }

  /**
   * Sends an absolute end-effector target (base frame) and gripper command; a lockstep simulator
   * advances one control period per target, so its episode does not depend on timing.
   *
   * @return the command's sequence number
   * @throws IllegalStateException when the client is not connected to the agent
   */
  public long sendTarget(Pose target, double gripper) {
    long sequence = client.sendTarget(target, gripper, commandValidity);
    if (sequence < 0) {
      throw new IllegalStateException("lost the connection to the agent");
    }
    return sequence;
  }

  /**
   * Lets the rule re-arm once from a stop of {@code cause}, as a person who checked the arm would
   * (what {@code --acknowledge-stop} does at start).
   */
  public void acknowledgeOnce(StopCause cause) {
    acknowledge = cause;
    acknowledgeSent = false;
    acknowledged = false;
  }

  /**
   * Waits (bounded) until the agent is armed again after it stopped the arm, re-arming only as the
   * rule allows: a fresh agent, a watchdog stop when this client re-arms after those, or once the
   * acknowledged cause.
   *
   * @throws IllegalStateException for any other stop (it latches until a person acknowledges it),
   *     or when arming takes longer than {@code timeout}
   */
  public void rearmIfAllowed(Duration timeout) throws InterruptedException {
    waitUntilArmed(timeout, true);
  }

  /**
   * Waits until armed, arming a fresh agent or one stopped for the acknowledged cause; after a stop
   * ({@code afterAStop}) also re-arming a watchdog stop where this client re-arms those.
   */
  private void waitUntilArmed(Duration timeout, boolean afterAStop) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      AgentState state = client.latestState();
      if (state != null && state.mode() == AgentMode.AGENT_MODE_ARMED) {
        lastMode = AgentMode.AGENT_MODE_ARMED;
        acknowledged |= acknowledgeSent;
        return;
      }
      boolean stopped = state != null && state.mode() == AgentMode.AGENT_MODE_STOPPED;
      if (stopped && state.stopCause() != StopCause.STOP_CAUSE_STARTUP && !acknowledges(state)) {
        if (!afterAStop
            || !rearmAfterWatchdog
            || state.stopCause() != StopCause.STOP_CAUSE_WATCHDOG) {
          throw new IllegalStateException(stoppedText(state, afterAStop));
        }
        rearmAfterWatchdogRateLimited();
      } else if (state != null && (stopped || !afterAStop)) {
        requestArm(state);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the agent did not arm within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(5);
    }
  }

  private static String stoppedText(AgentState state, boolean afterAStop) {
    String cause = state.stopCause() + ": " + state.stopDetail();
    String option = "--acknowledge-stop " + StopCauses.name(state.stopCause());
    return afterAStop
        ? "the agent stopped the arm ("
            + cause
            + "), a stop that latches until a person acknowledges it ("
            + option
            + ")"
        : "the agent's arm is stopped ("
            + cause
            + "); check the arm, then run again with "
            + option
            + " (or restart the agent)";
  }

  private void rearmAfterWatchdogRateLimited() {
    long now = System.nanoTime();
    if (now - lastArmRequestNanos >= ARM_REQUEST_INTERVAL_NANOS) {
      lastArmRequestNanos = now;
      LOG.warn("the agent's watchdog stopped the arm: re-arming");
      client.rearm();
      rearms++;
    }
  }

  /** The arm state the agent reported last, or null before its first state. */
  public ArmState armState() {
    AgentState state = client.latestState();
    return state == null ? null : state.armState();
  }

  /** Asks the agent to stop the arm (an operator's stop); a stopped agent ignores it. */
  public void stop(String reason) {
    client.stop(reason);
  }

  private boolean acknowledges(AgentState state) {
    return acknowledge != null && !acknowledged && state.stopCause() == acknowledge;
  }

  private void requestArm(AgentState state) {
    long now = System.nanoTime();
    if (now - lastArmRequestNanos < ARM_REQUEST_INTERVAL_NANOS) {
      return;
    }
    lastArmRequestNanos = now;
    if (acknowledges(state)) {
      LOG.warn(
          "re-arming the agent, acknowledging its stop {} ({}) as --acknowledge-stop asks",
          state.stopCause(),
          state.stopDetail());
      acknowledgeSent = true;
      client.rearm(state.stopCause());
    } else {
      LOG.info("arming the agent (not armed since it started)");
      client.rearm();
    }
  }

  /** After a watchdog stop with control kept: re-arms and waits (bounded) until armed. */
  private boolean rearmAfterWatchdogStop() throws InterruptedException {
    LOG.warn("the agent's watchdog stopped the arm: re-arming (--rearm)");
    client.rearm();
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      AgentState now = client.latestState();
      if (now != null && now.mode() == AgentMode.AGENT_MODE_ARMED) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }
}
