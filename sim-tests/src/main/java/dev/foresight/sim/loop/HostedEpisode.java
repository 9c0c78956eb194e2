package dev.foresight.sim.loop;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.bridge.StopCause;
import dev.foresight.core.Image;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimArmDriver;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.report.EpisodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated episode served by a bridge agent the way a real arm is: any planner — in this process
 * or another, on this machine or across the network — connects a {@link BridgeClient} to {@link
 * #agent()}, arms it and streams commands; the camera frames come out of {@link #addFrameListener}
 * (e.g. onto a ROS topic). The world advances one control period of physics for each new command
 * target the agent passes on (lockstep, as in {@link SimArmDriver}), never while the planner
 * thinks, and each advance renders a camera frame whose sequence number is the step count.
 *
 * <p>The host is the referee: the episode ends at the first step at which the task's success
 * criterion holds, at the task's step limit, or when the agent stops the arm after it was armed —
 * the planner disconnected, went silent (watchdog, unless it re-arms the agent within {@link
 * #REARM_GRACE}), or asked for a stop. Ending it never loses it: {@link #awaitEnd} returns the
 * outcome with the cause, and on success or step limit the host asks its own agent to stop the arm
 * (the planner sees the agent stop with {@code STOP_CAUSE_CLIENT_STOP}). While the agent holds, the
 * world does not advance.
 */
public final class HostedEpisode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostedEpisode.class);
  private static final Duration POLL = Duration.ofMillis(20);

  /** How long a watchdog stop may wait for the connected planner to re-arm the agent. */
  public static final Duration REARM_GRACE = Duration.ofSeconds(1);

  /** Hears about each rendered camera frame, on the host's stepping thread; must not block. */
  @FunctionalInterface
  public interface FrameListener {
    /**
     * @param step physics steps taken so far (0 for the initial frame); frames with the same step
     *     show the same world
     * @param frame the camera frame, RGB8; not modified afterwards
     */
    void frame(int step, Image frame);
  }

  // Built on the stepping thread, published before the constructor returns.
  private volatile Episode episode;
  private volatile SimArmDriver driver;
  private volatile RobotAgent agent;
  private final Thread stepper;
  private final List<FrameListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Image> frames = new ArrayList<>();
  private final double[] distances;
  private final float[] taskState;
  private final Image goal;
  private final Object endLock = new Object();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile Image latestFrame;
  private volatile int latestStep;
  private EpisodeRunner.Outcome outcome;

  /** What the stepping thread built (physics objects belong to the thread that made them). */
  private record World(Episode episode, SimArmDriver driver, RobotAgent agent) {}

  /**
   * Builds the episode's world and starts its agent (on {@code agentOptions}'s address; port 0 for
   * any free port) and stepping thread.
   *
   * @param agentOptions where the agent listens, with which token and TLS context; the robot
   *     profile should be {@link SimRobot#robotProfile} of the task
   * @throws IllegalStateException when the world or the agent cannot be started
   */
  public HostedEpisode(SimTask task, long seed, RenderSettings render, AgentOptions agentOptions) {
    int maxSteps = task.spec().maxSteps();
    this.distances = new double[maxSteps + 1];
    this.taskState = new float[task.spec().taskStateSize()];
    CompletableFuture<World> built = new CompletableFuture<>();
    stepper =
        new Thread(
            () -> {
              World world;
              try {
                Episode created = new Episode(task, seed, render);
                SimArmDriver arm = new SimArmDriver(created);
                distances[0] = created.distanceToGoal(taskState);
                Image first = created.frame();
                frames.add(first);
                latestFrame = first;
                try {
                  world = new World(created, arm, RobotAgent.start(agentOptions, arm));
                } catch (RuntimeException e) {
                  created.close();
                  throw e;
                }
                episode = world.episode();
                driver = world.driver();
                agent = world.agent();
              } catch (Throwable e) {
                built.completeExceptionally(e);
                return;
              }
              built.complete(world);
              step();
              awaitClose();
              world.episode().close();
            },
            "sim-episode-" + task.spec().name() + "-" + seed);
    stepper.setDaemon(true);
    stepper.start();
    try {
      built.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the simulated episode", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(
          "the simulated episode could not start: " + cause.getMessage(), cause);
    }
    this.goal = episode.image(episode.goalFrame().clone());
  }

  /** Keeps the world alive (the holding agent still reads the arm) until {@link #close}. */
  private void awaitClose() {
    while (closed.getCount() > 0) {
      try {
        closed.await();
      } catch (InterruptedException e) {
        // close() interrupts a stepping thread; here it only needs the latch
      }
    }
  }

  /** The episode (task, seed, goal); its world belongs to the stepping thread while it runs. */
  public Episode episode() {
    return episode;
  }

  /** The simulated arm behind the agent. */
  public SimArmDriver driver() {
    return driver;
  }

  /** The agent planners connect to. */
  public RobotAgent agent() {
    return agent;
  }

  /** The goal image, RGB8. */
  public Image goal() {
    return goal;
  }

  /** The newest camera frame. */
  public Image latestFrame() {
    return latestFrame;
  }

  /** Physics steps taken so far. */
  public int steps() {
    return latestStep;
  }

  /**
   * Adds a frame listener and tells it the newest frame at once, so a late listener does not wait
   * for the next step.
   */
  public void addFrameListener(FrameListener listener) {
    listeners.add(listener);
    listener.frame(latestStep, latestFrame);
  }

  /**
   * Waits for the episode to end.
   *
   * @return its outcome (frames, goal, distances; energies are not known here and are empty), or
   *     null when it did not end within {@code timeout}
   */
  public EpisodeRunner.Outcome awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (endLock) {
      while (outcome == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        endLock.wait(Math.max(1, left / 1_000_000));
      }
      return outcome;
    }
  }

  /** The outcome if the episode has ended, else null. */
  public EpisodeRunner.Outcome outcome() {
    synchronized (endLock) {
      return outcome;
    }
  }

  private void step() {
    int maxSteps = episode.spec().maxSteps();
    long stepped = 0;
    long watchdogSince = 0;
    int steps = 0;
    String failure = null;
    boolean success = episode.success();
    try {
      while (running && !success && steps < maxSteps) {
        if (!agent.controlLoop().isArmed() && agent.controlLoop().stopCount() > 0) {
          // A watchdog trip with the planner still connected (a starved machine) may be followed
          // by a deliberate re-arm: give it a moment before calling the episode lost.
          long now = System.nanoTime();
          if (agent.controlLoop().stopCause() == StopCause.STOP_CAUSE_WATCHDOG) {
            watchdogSince = watchdogSince == 0 ? now : watchdogSince;
            if (now - watchdogSince < REARM_GRACE.toNanos()) {
              Thread.sleep(5);
              continue;
            }
          }
          failure = stopCause(steps);
          break;
        }
        watchdogSince = 0;
        boolean moved;
        try {
          moved = driver.advance(stepped + 1, POLL);
        } catch (TimeoutException e) {
          continue;
        }
        if (!moved) {
          Thread.sleep(POLL.toMillis() / 4);
          continue;
        }
        stepped = driver.targetSequence();
        steps++;
        double[] distance = new double[1];
        boolean[] reached = new boolean[1];
        Image[] frame = new Image[1];
        driver.withWorld(
            () -> {
              distance[0] = episode.distanceToGoal(taskState);
              reached[0] = episode.success();
              frame[0] = episode.frame();
            });
        distances[steps] = distance[0];
        success = reached[0];
        frames.add(frame[0]);
        latestStep = steps;
        latestFrame = frame[0];
        for (FrameListener listener : listeners) {
          listener.frame(steps, frame[0]);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "the simulator was shut down after " + steps + " steps";
    } catch (RuntimeException | Error e) {
      LOG.warn("simulated episode failed: {}", e.toString());
      failure = "the simulator failed at step " + (steps + 1) + ": " + e.getMessage();
    }
    if (failure == null && !success) {
      failure =
          running
              ? String.format(
                  Locale.ROOT,
                  "step limit of %d reached, %.3f from the goal",
                  maxSteps,
                  distances[steps])
              : "the simulator was shut down after " + steps + " steps";
    }
    finish(steps, success, failure);
  }

  /** Why the agent stopped the arm, phrased as the episode's failure. */
  private String stopCause(int steps) {
    StopCause cause = agent.controlLoop().stopCause();
    // Input may have arrived after the hold (e.g. the last heartbeats of a starved client); then
    // the silence that tripped the watchdog is only known to exceed its timeout.
    long silentMillis =
        (driver.lastHoldNanos() - agent.telemetry().lastValidInputNanos()) / 1_000_000;
    long watchdogMillis = agent.options().profile().watchdogTimeout().toMillis();
    String what =
        switch (cause) {
          case STOP_CAUSE_WATCHDOG ->
              String.format(
                  Locale.ROOT,
                  "planner disconnected (watchdog stop after %d ms)",
                  Math.max(watchdogMillis, silentMillis));
          case STOP_CAUSE_CONTROLLER_DISCONNECTED ->
              String.format(
                  Locale.ROOT,
                  "planner disconnected (connection closed; arm held %d ms after its last"
                      + " message)",
                  Math.max(0, silentMillis));
          case STOP_CAUSE_CLIENT_STOP -> "the planner asked the agent to stop the arm";
          default -> "the agent stopped the arm (" + cause + ")";
        };
    return String.format(
        Locale.ROOT, "%s at step %d, %.3f from the goal", what, steps + 1, distances[steps]);
  }

  private void finish(int steps, boolean success, String failure) {
    EpisodeResult result =
        new EpisodeResult(
            0,
            episode.seed(),
            success,
            steps,
            success ? steps : -1,
            distances[steps],
            success ? "" : failure,
            new double[0],
            "");
    EpisodeRunner.Outcome ended =
        new EpisodeRunner.Outcome(
            result, List.copyOf(frames), goal, new double[0], Arrays.copyOf(distances, steps + 1));
    LOG.info(
        "simulated {} episode (seed {}) over: {}",
        episode.spec().name(),
        episode.seed(),
        success ? "success after " + steps + " steps" : failure);
    if (running && (agent.controlLoop().isArmed() || !driver.holding())) {
      // Success or step limit: the episode is over, so the arm holds and the planner hears why.
      stopArm(success ? "episode over: task succeeded" : "episode over: " + failure);
    }
    synchronized (endLock) {
      outcome = ended;
      endLock.notifyAll();
    }
  }

  /** Stops the arm as an operator's stop button would, and waits (bounded) until it holds. */
  private void stopArm(String reason) {
    agent.requestStop(reason);
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    try {
      while (agent.controlLoop().isArmed() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops stepping, closes the agent (the arm holds) and the world. */
  @Override
  public void close() {
    running = false;
    stepper.interrupt();
    agent.close();
    closed.countDown();
    try {
      stepper.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
