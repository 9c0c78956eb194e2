package dev.foresight.launch;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.RosSettings;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Pose;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimArmDriver;
import dev.foresight.sim.SimTask;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foresight agent --driver sim --play}: the simulated arm behind a bridge agent
 * with no episode and no referee — a stand-in for a real arm that {@code foresight explore} drives
 * and {@code foresight record} records, on ROS 1 or ROS 2. The world (the task's scene at the seed,
 * e.g. reach: the gripper alone at its start) advances one control period of physics per command
 * the agent passes on, as in a hosted episode, for as long as the process runs.
 *
 * <p>Everything it publishes is stamped with the simulation clock, as a simulator with {@code
 * /use_sim_time} does: step {@code k} is at {@code start + k · period}, whatever the wall clock did
 * meanwhile. After each step it publishes, in this order, the command it applied ({@code
 * geometry_msgs/TwistStamped} on {@code command}, stamped at the start of the step: the filtered
 * target minus the previous one, per second), the arm state ({@code joint_states}, {@code ee_pose})
 * and the camera frame ({@code image}, latched, header seq = step). While the world waits for a
 * command the newest state and frame go out again every {@link SimCameraTopics#IDLE_REPEAT} with
 * their own stamp.
 */
final class SimPlayHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimPlayHost.class);
  private static final Duration POLL = Duration.ofMillis(20);

  private final Thread stepper;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final long startEpochNanos;
  private final long periodNanos;
  private final NodeTransport.Outlet<ImageMessage> camera;
  private final NodeTransport.Outlet<TwistStamped> command;
  private final ArmStateTopics armState;
  private volatile boolean running = true;
  private final RobotAgent agent;
  private volatile int steps;
  private final double[] joints = new double[0];
  private Image lastFrame;
  private ArmState lastState;
  private long lastPublishedNanos;

  private record World(Episode episode, SimArmDriver driver, RobotAgent agent) {}

  /**
   * {@link #SimPlayHost(SimTask, long, RenderSettings, AgentOptions, NodeTransport, RosSettings)}
   * on ROS 1.
   */
  SimPlayHost(
      SimTask task,
      long seed,
      RenderSettings render,
      AgentOptions options,
      RosNode node,
      RosSettings ros) {
    this(task, seed, render, options, new Ros1Transport(node, false), ros);
  }

  /**
   * Builds the world, starts its agent (on {@code options}' address) and its stepping thread.
   *
   * @param node publishes the camera (sensor data, latched on ROS 1), arm state and applied
   *     commands (reliable); not closed here
   */
  SimPlayHost(
      SimTask task,
      long seed,
      RenderSettings render,
      AgentOptions options,
      NodeTransport node,
      RosSettings ros) {
    this.periodNanos = Math.round(task.spec().controlPeriodSeconds() * 1e9);
    Instant now = Instant.now();
    this.startEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    this.camera =
        node.advertise(
            Topic.of(node.local("image", ros.cameraTopic()), ImageMessage.TYPE),
            NodeTransport.Delivery.SENSOR_DATA_LATCHED,
            2);
    this.command =
        node.advertise(
            Topic.of(node.local("command", ros.commandTopic()), TwistStamped.TYPE),
            NodeTransport.Delivery.RELIABLE,
            10);
    // The simulated arm reports no joints, only the gripper (SimArmDriver#jointCount is 0).
    this.armState = new ArmStateTopics(node, ros, 0, "base_link");
    CompletableFuture<World> built = new CompletableFuture<>();
    stepper =
        new Thread(
            () -> {
              World world;
              try {
                Episode episode = new Episode(task, seed, render);
                SimArmDriver arm = new SimArmDriver(episode);
                try {
                  world = new World(episode, arm, RobotAgent.start(options, arm));
                } catch (RuntimeException e) {
                  episode.close();
                  throw e;
                }
              } catch (Throwable e) {
                built.completeExceptionally(e);
                return;
              }
              built.complete(world);
              try {
                play(world);
              } finally {
                awaitClose();
                world.episode().close();
              }
            },
            "sim-play-" + task.spec().name() + "-" + seed);
    stepper.setDaemon(true);
    stepper.start();
    World world;
    try {
      world = built.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the simulated arm", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(
          "the simulated arm could not start: " + e.getCause().getMessage(), e.getCause());
    }
    this.agent = world.agent();
  }

  /**
   * Runs the simulated arm until Ctrl-C (SIGINT/SIGTERM) or an interrupt: {@code foresight agent
   * --driver sim --play}, on ROS 2 when {@code rosArguments} hold {@code --ros-args} or the config
   * says {@code ros.version: 2}.
   *
   * @param rosArguments the command's ROS arguments. Not modified.
   */
  static int serve(
      ForesightConfig cfg,
      SimTask task,
      long seed,
      RenderSettings render,
      AgentOptions options,
      List<String> rosArguments,
      PrintWriter out)
      throws Exception {
    NodeTransport node =
        NodeTransports.start(
            NodeTransports.select(
                rosArguments,
                cfg,
                "ROS arguments like __master:=URI with --driver ros or sim only"),
            "foresight_sim_agent");
    SimPlayHost host;
    try {
      host = new SimPlayHost(task, seed, render, options, node, cfg.ros());
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    out.printf(
        "agent %s on %s:%d (driver sim, play: the %s scene of seed %d, no episode), camera on %s"
            + " (%s); stamps on the simulation clock%n",
        host.agent().options().profile().robotId(),
        host.agent().address().getHostString(),
        host.agent().port(),
        task.spec().name(),
        seed,
        host.description(),
        node.rosVersion());
    out.flush();
    ShutdownHook.runUntilShutdown(
        "foresight-agent-shutdown",
        () -> {
          host.close();
          node.close();
        });
    return 0;
  }

  /** The agent planners and explorers connect to. */
  RobotAgent agent() {
    return agent;
  }

  /** The camera, command, joint and pose topics, for the start-up line. */
  String description() {
    return camera.topicName()
        + ", applied commands on "
        + command.topicName()
        + ", arm state on "
        + armState.jointTopic()
        + " and "
        + armState.poseTopic();
  }

  /** Physics steps taken so far. */
  int steps() {
    return steps;
  }

  /** The simulation clock's time of step {@code step}, ns since the epoch. */
  long stampNanos(int step) {
    return startEpochNanos + step * periodNanos;
  }

  private void play(World world) {
    SimArmDriver arm = world.driver();
    double[] applied = new double[7];
    double[] previous = null;
    long holdsSeen = arm.holds();
    long stepped = 0;
    try {
      publishState(world);
      while (running) {
        boolean moved;
        try {
          moved = arm.advance(stepped + 1, POLL, applied);
        } catch (TimeoutException e) {
          repeatIfIdle();
          continue;
        }
        if (!moved) {
          repeatIfIdle();
          Thread.sleep(POLL.toMillis() / 4);
          continue;
        }
        stepped = arm.targetSequence();
        if (previous == null || arm.holds() != holdsSeen) {
          // After a hold the agent re-arms from where the arm stands.
          Pose from = lastState.eePoseInBase();
          previous =
              new double[] {from.x(), from.y(), from.z(), from.roll(), from.pitch(), from.yaw()};
          holdsSeen = arm.holds();
        }
        publishCommand(applied, previous);
        System.arraycopy(applied, 0, previous, 0, 6);
        if (!Double.isFinite(applied[5])) {
          previous[5] = lastState.eePoseInBase().yaw();
        }
        steps++;
        publishState(world);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.warn("the simulated arm failed at step {}: {}; the arm holds", steps + 1, e.toString());
      world.agent().requestStop("the simulator failed: " + e.getMessage());
    }
  }

  private void publishCommand(double[] target, double[] previous) {
    double seconds = periodNanos / 1e9;
    double[] rate = new double[6];
    for (int i = 0; i < 6; i++) {
      double change = Double.isFinite(target[i]) ? target[i] - previous[i] : 0;
      if (i >= 3) {
        // Angles: the short way round.
        change = Math.IEEEremainder(change, 2 * Math.PI);
      }
      rate[i] = change / seconds;
    }
    command.publish(
        new TwistStamped(
            Header.of(steps, stampNanos(steps), "base_link"),
            new Twist(
                new Vector3(rate[0], rate[1], rate[2]), new Vector3(rate[3], rate[4], rate[5]))));
  }

  private void publishState(World world) {
    Image[] frame = new Image[1];
    world.driver().withWorld(() -> frame[0] = world.episode().frame());
    ArmState state = world.driver().state();
    synchronized (this) {
      lastFrame = frame[0];
      lastState = state;
      publishLatest();
    }
  }

  private synchronized void repeatIfIdle() {
    if (lastFrame != null
        && System.nanoTime() - lastPublishedNanos >= SimCameraTopics.IDLE_REPEAT.toNanos()) {
      publishLatest();
    }
  }

  private void publishLatest() {
    long stamp = stampNanos(steps);
    armState.publish(lastState, joints, joints, stamp);
    camera.publish(ImageMessage.fromImage(Header.of(steps, stamp, "camera"), lastFrame));
    lastPublishedNanos = System.nanoTime();
  }

  private void awaitClose() {
    while (closed.getCount() > 0) {
      try {
        closed.await();
      } catch (InterruptedException e) {
        // close() interrupts the stepping thread; here it only needs the latch
      }
    }
  }

  /** Stops stepping and closes the agent (the arm holds) and the world. */
  @Override
  public void close() {
    running = false;
    stepper.interrupt();
    if (agent != null) {
      agent.close();
    }
    closed.countDown();
    try {
      stepper.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
