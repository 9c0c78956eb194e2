package dev.foresight.launch;

import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.v1.AgentMode;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Pose3d;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.State;
import dev.foresight.bridge.v1.StopCause;
import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.Pose;
import dev.foresight.planner.ActionSequence;
import dev.foresight.planner.Plan;
import dev.foresight.planner.Planner;
import dev.foresight.worldmodel.LearnedWorldModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The closed loop against a bridge agent, whatever the arm and camera are: each control step takes
 * the newest camera frame and the agent's newest arm state, encodes them with the world model,
 * plans toward the goal image's latent and sends the first action to the agent as an end-effector
 * delta. {@code foresight run} drives a real arm's agent with frames from a ROS topic and the
 * simulated arm's agent with frames from the simulator through this one class.
 *
 * <p>A step waits for a frame that is newer than the one it last planned from and arrived after its
 * last command (so it sees the command's effect), then for two agent states received after that
 * frame (so the proprioception matches the picture). If no new frame comes within a second of a
 * command, the command may have been lost (a lockstep simulator shows a new frame only after a
 * command), so the step plans once more from the newest frame. The loop ends at its step limit,
 * when asked to, when no new frame comes within the frame timeout, or when the agent stops the arm
 * — it never re-arms an agent that stopped.
 */
final class ClosedLoop {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClosedLoop.class);

  /** How many agent states must arrive after a frame before the step reads the arm state. */
  private static final int STATES_AFTER_FRAME = 2;

  private static final Duration STATE_WAIT = Duration.ofMillis(200);
  private static final Duration REPLAN_AFTER = Duration.ofSeconds(1);
  private static final Duration ARM_TIMEOUT = Duration.ofSeconds(10);

  /** A camera frame and when it arrived. */
  record Frame(Image image, long sequence, long receivedNanos) {}

  /**
   * The newest camera frame, fed by a camera callback (ROS subscriber, simulator); frames whose
   * sequence number repeats show an unchanged picture.
   */
  static final class LatestFrame {
    /** For {@link #next}: a frame that arrived at any time will do. */
    static final long ANY_TIME = Long.MIN_VALUE;

    private final String description;
    private Frame latest;

    /**
     * @param description where the frames come from, for messages
     */
    LatestFrame(String description) {
      this.description = description;
    }

    /** Offers a frame; any thread. */
    synchronized void offer(Image image, long sequence) {
      latest = new Frame(image, sequence, System.nanoTime());
      notifyAll();
    }

    /**
     * Waits up to {@code timeout} for a frame with a sequence other than {@code lastSequence} that
     * arrived after {@code afterNanos} ({@link #ANY_TIME}: whenever).
     *
     * @return the frame, or null on timeout
     */
    synchronized Frame next(long lastSequence, long afterNanos, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (latest == null
          || latest.sequence() == lastSequence
          || (afterNanos != ANY_TIME && latest.receivedNanos() - afterNanos < 0)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return latest;
    }

    String description() {
      return description;
    }
  }

  /** Hears about each control step. */
  @FunctionalInterface
  interface StepListener {
    /**
     * @param step 1-based step
     * @param energy best planned energy
     * @param planningMillis time spent planning
     * @param encodingMillis time spent encoding the frame
     */
    void stepped(int step, double energy, double planningMillis, double encodingMillis);
  }

  /** How a run ended. */
  enum End {
    /** The step limit was reached. */
    STEP_LIMIT,
    /** Asked to stop (Ctrl-C). */
    INTERRUPTED,
    /** The agent stopped the arm on a stop request (operator, or the simulated episode's end). */
    STOPPED_ON_REQUEST,
    /** The agent stopped the arm by itself (watchdog, fault) or control was lost. */
    AGENT_STOPPED,
    /** No new camera frame within the frame timeout. */
    NO_FRAMES
  }

  /**
   * Everything a run produced.
   *
   * @param end why it ended
   * @param detail one line about the end
   * @param rearms re-arms after watchdog stops ({@code --rearm})
   * @param frames the frames planned from, in order
   * @param energies best planned energy per step
   * @param planningMillis planning time per step
   * @param encodingMillis encoding time per step
   */
  record Result(
      End end,
      String detail,
      int rearms,
      List<Image> frames,
      double[] energies,
      double[] planningMillis,
      double[] encodingMillis) {
    int steps() {
      return energies.length;
    }
  }

  private final BridgeClient client;
  private final LatestFrame frames;
  private final LearnedWorldModel model;
  private final Planner planner;
  private final Image goalImage;
  private final Pose goalPosition;
  private final Duration commandValidity;
  private final Duration frameTimeout;
  private final boolean rearmAfterWatchdog;
  private final StopCause acknowledge;
  private final AtomicLong statesReceived;
  private final float[] current;
  private final float[] goal;

  /**
   * @param client connected to the agent with {@link #stateCounter} as (part of) its listener
   * @param frames the camera
   * @param model encodes frames and arm states (used, not owned)
   * @param planner plans over {@code model}
   * @param goalImage the goal
   * @param goalPosition end-effector position in the goal image (its x, y, z are used), or null
   *     when unknown: the goal latent then carries the arm's starting proprioception, which the
   *     planner's energy should ignore
   * @param statesReceived the counter fed by {@link #stateCounter}
   * @param commandValidity how long the agent may apply a command
   * @param frameTimeout how long a step waits for a new frame
   * @param rearmAfterWatchdog whether to re-arm the agent after a watchdog stop while this client
   *     kept control (a starved machine); every other stop ends the run
   * @param acknowledge a stop cause the agent may be in at start that this run re-arms from, naming
   *     it ({@code --acknowledge-stop}); null to arm only a freshly started agent
   */
  ClosedLoop(
      BridgeClient client,
      LatestFrame frames,
      LearnedWorldModel model,
      Planner planner,
      Image goalImage,
      Pose goalPosition,
      AtomicLong statesReceived,
      Duration commandValidity,
      Duration frameTimeout,
      boolean rearmAfterWatchdog,
      StopCause acknowledge) {
    this.acknowledge = acknowledge;
    this.client = client;
    this.frames = frames;
    this.model = model;
    this.planner = planner;
    this.goalImage = goalImage;
    this.goalPosition = goalPosition;
    this.statesReceived = statesReceived;
    this.commandValidity = commandValidity;
    this.frameTimeout = frameTimeout;
    this.rearmAfterWatchdog = rearmAfterWatchdog;
    this.current = new float[model.latentSize()];
    this.goal = new float[model.latentSize()];
  }

  /**
   * A bridge-client listener that counts the agent's state messages into {@code counter} and logs
   * the agent's rejections of commands.
   */
  static Consumer<Envelope> stateCounter(AtomicLong counter) {
    return envelope -> {
      if (envelope.hasState()) {
        counter.incrementAndGet();
      } else if (envelope.hasReject()) {
        if (envelope.getReject().getReason() == RejectReason.REJECT_REASON_NOT_ARMED) {
          // The loop sees the stop in the agent's state and ends; this is its last command.
          LOG.debug("agent rejected: {}", envelope.getReject().getMessage());
        } else {
          LOG.warn("agent rejected: {}", envelope.getReject().getMessage());
        }
      }
    };
  }

  /**
   * Runs until the step limit, {@code stopRequested}, or the agent or the camera ends it.
   *
   * @throws IllegalStateException when the agent cannot be armed
   */
  Result run(int maxSteps, BooleanSupplier stopRequested, StepListener listener)
      throws InterruptedException {
    arm();
    List<Image> planned = new ArrayList<>();
    double[] energies = new double[maxSteps];
    double[] planning = new double[maxSteps];
    double[] encoding = new double[maxSteps];
    ActionSequence warmStart = null;
    long lastSequence = Long.MIN_VALUE;
    long lastCommandNanos = LatestFrame.ANY_TIME;
    int steps = 0;
    int rearms = 0;
    boolean replanned = false;
    End end = End.STEP_LIMIT;
    String detail = "step limit of " + maxSteps + " reached";
    while (steps < maxSteps) {
      Frame frame = null;
      long waitStart = System.nanoTime();
      long frameDeadline = waitStart + frameTimeout.toNanos();
      String stopped = null;
      while (frame == null && !stopRequested.getAsBoolean() && stopped == null) {
        // The loop is alive and polling: the agent's deadman follows this, not the socket.
        client.markProgress();
        stopped = agentStop();
        if (stopped != null && rearmAfterWatchdog && rearmAfterWatchdog()) {
          rearms++;
          stopped = null;
        }
        if (System.nanoTime() > frameDeadline) {
          break;
        }
        frame = frames.next(lastSequence, lastCommandNanos, Duration.ofMillis(50));
        if (frame == null
            && steps > 0
            && !replanned
            && System.nanoTime() - waitStart > REPLAN_AFTER.toNanos()) {
          // The command may have been lost (dropped as stale on a starved machine): a lockstep
          // simulator then never shows a new frame. Plan once more from the newest frame.
          frame = frames.next(Long.MIN_VALUE, LatestFrame.ANY_TIME, Duration.ZERO);
          replanned = frame != null;
        }
      }
      if (frame != null && frame.sequence() != lastSequence) {
        replanned = false;
      }
      if (stopRequested.getAsBoolean()) {
        end = End.INTERRUPTED;
        detail = "interrupted after " + steps + " steps";
        break;
      }
      if (stopped != null) {
        State state = client.latestState();
        end =
            client.hasControl()
                    && state != null
                    && state.getStopCause() == StopCause.STOP_CAUSE_CLIENT_STOP
                ? End.STOPPED_ON_REQUEST
                : End.AGENT_STOPPED;
        detail = stopped + " after " + steps + " steps";
        break;
      }
      if (frame == null) {
        end = End.NO_FRAMES;
        detail =
            "no new camera frame from "
                + frames.description()
                + " within "
                + frameTimeout.toMillis()
                + " ms after step "
                + steps;
        break;
      }
      ArmState armState = awaitArmState(statesReceived.get());
      long start = System.nanoTime();
      if (steps == 0) {
        encodeGoal(armState);
      }
      model.encode(List.of(new Observation(frame.image(), armState)), current);
      client.markProgress();
      long encoded = System.nanoTime();
      Plan plan = planner.plan(current, goal, warmStart);
      long plannedAt = System.nanoTime();
      warmStart = plan.actions();
      Action action = plan.actions().action(0);
      if (client.sendDelta(action, commandValidity) < 0) {
        end = End.AGENT_STOPPED;
        detail = "lost the connection to the agent after " + steps + " steps";
        break;
      }
      lastCommandNanos = System.nanoTime();
      lastSequence = frame.sequence();
      planned.add(frame.image());
      energies[steps] = plan.bestEnergy();
      planning[steps] = (plannedAt - encoded) / 1e6;
      encoding[steps] = (encoded - start) / 1e6;
      steps++;
      if (listener != null) {
        listener.stepped(steps, energies[steps - 1], planning[steps - 1], encoding[steps - 1]);
      }
    }
    return new Result(
        end,
        detail,
        rearms,
        planned,
        Arrays.copyOf(energies, steps),
        Arrays.copyOf(planning, steps),
        Arrays.copyOf(encoding, steps));
  }

  /** Encodes the goal image with the goal position when known, else the arm's current state. */
  private void encodeGoal(ArmState now) {
    ArmState goalState = now;
    if (goalPosition != null) {
      Pose p = now.eePoseInBase();
      goalState =
          new ArmState(
              now.timeNanos(),
              new Pose(
                  goalPosition.x(),
                  goalPosition.y(),
                  goalPosition.z(),
                  p.roll(),
                  p.pitch(),
                  p.yaw()),
              now.gripper());
    }
    model.encode(List.of(new Observation(goalImage, goalState)), goal);
  }

  /** A line about the agent's stop, or null while it is armed and this client has control. */
  private String agentStop() {
    State state = client.latestState();
    if (!client.hasControl()) {
      return "lost control of the agent to another client";
    }
    if (state != null && state.getMode() != AgentMode.AGENT_MODE_ARMED) {
      return "the agent stopped the arm (" + state.getStopCause() + ")";
    }
    return null;
  }

  /** After a watchdog stop with control kept: re-arms and waits (bounded) until armed. */
  private boolean rearmAfterWatchdog() throws InterruptedException {
    State state = client.latestState();
    if (!client.hasControl()
        || state == null
        || state.getStopCause() != StopCause.STOP_CAUSE_WATCHDOG) {
      return false;
    }
    LOG.warn("the agent's watchdog stopped the arm: re-arming (--rearm)");
    client.rearm();
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      State now = client.latestState();
      if (now != null && now.getMode() == AgentMode.AGENT_MODE_ARMED) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** The agent's arm state, after {@link #STATES_AFTER_FRAME} more states arrived (bounded). */
  private ArmState awaitArmState(long statesAtFrame) throws InterruptedException {
    long deadline = System.nanoTime() + STATE_WAIT.toNanos();
    while (statesReceived.get() - statesAtFrame < STATES_AFTER_FRAME
        && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    return armState(client.latestState());
  }

  /** The arm state a bridge {@link State} reports. */
  static ArmState armState(State state) {
    Pose3d p = state.getEePoseInBase();
    return new ArmState(
        state.getTimeNanos(),
        new Pose(p.getX(), p.getY(), p.getZ(), p.getRoll(), p.getPitch(), p.getYaw()),
        state.getGripper());
  }

  /**
   * Waits for the welcome with control, then arms a freshly started (never armed) agent, or one
   * stopped for the cause this run was told to acknowledge.
   */
  private void arm() throws InterruptedException {
    if (!client.awaitWelcome(ARM_TIMEOUT).getHasControl()) {
      throw new IllegalStateException(
          "the agent gave control to another client, expected to be the only controller");
    }
    long deadline = System.nanoTime() + ARM_TIMEOUT.toNanos();
    long lastRequest = 0;
    while (true) {
      State state = client.latestState();
      if (state != null && state.getMode() == AgentMode.AGENT_MODE_ARMED) {
        return;
      }
      boolean acknowledged =
          acknowledge != null && state != null && state.getStopCause() == acknowledge;
      if (state != null
          && state.getMode() == AgentMode.AGENT_MODE_STOPPED
          && state.getStopCause() != StopCause.STOP_CAUSE_STARTUP
          && !acknowledged) {
        throw new IllegalStateException(
            "the agent's arm is stopped ("
                + state.getStopCause()
                + ": "
                + state.getStopDetail()
                + "); check the arm, then run again with --acknowledge-stop "
                + StopCauses.name(state.getStopCause())
                + " (or restart the agent)");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the agent did not arm within " + ARM_TIMEOUT.toSeconds() + " s");
      }
      if (state != null && System.nanoTime() - lastRequest > 500_000_000L) {
        if (acknowledged) {
          LOG.warn(
              "re-arming the agent, acknowledging its stop {} ({})",
              state.getStopCause(),
              state.getStopDetail());
          client.rearm(state.getStopCause());
        } else {
          client.rearm();
        }
        lastRequest = System.nanoTime();
      }
      Thread.sleep(5);
    }
  }
}
