package dev.foresight.launch;

import dev.foresight.bridge.AgentState;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.StopCause;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.config.RosSettings;
import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.perception.Goal;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.Plan;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Float32Message;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import dev.foresight.runtime.BridgeCommands;
import dev.foresight.runtime.ControlTick;
import dev.foresight.runtime.PlanningStack;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foresight node planner}: the second half of the runtime's control tick, split
 * from perception at the latent topic. The newest current and goal latents go into latest-value
 * slots on the ROS I/O thread; one worker thread plans from them with the runtime's {@link
 * PlanningStack} (opened from the config: model on {@code model.engine}, sampler, bounds from the
 * robot profile, energy with the goal-proprio rule read from the goal latent's label) and sends the
 * first action to its sinks: a {@code TwistStamped} topic and, with {@code --bridge}, the bridge
 * agent through {@link BridgeCommands}.
 */
final class PlannerNode implements NodeCommand.Running {
  private static final Logger LOG = LoggerFactory.getLogger(PlannerNode.class);

  /**
   * Where to send commands.
   *
   * @param port agent port, or null for {@code bridge.port}
   * @param rearm whether to re-arm the agent after its watchdog stopped the arm
   * @param acknowledge a stop cause to acknowledge once at start (re-arm naming it), or null
   * @param ssl the client's TLS context, or null for plain TCP
   */
  record BridgeTarget(Integer port, boolean rearm, StopCause acknowledge, SslContext ssl) {}

  private record Latent(float[] data, Goal.Known known) {}

  private final PlanningStack stack;
  private final NodeTransport.Outlet<TwistStamped> commands;
  private final NodeTransport.Outlet<Float32Message> energies;
  private final BridgeCommands agent;
  private final double periodSeconds;
  private final String frameId;
  private final AtomicReference<Latent> current = new AtomicReference<>();
  private final AtomicReference<Latent> goal = new AtomicReference<>();
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong planned = new AtomicLong();
  private final Thread worker;
  private volatile ControlTick.Listener listener;

  /** What a listener sees as the camera frame: the node plans from latents and has none. */
  private static final Image NO_FRAME = new Image(1, 1, PixelEncoding.RGB8, new byte[3]);

  private volatile boolean running = true;
  private int sequence;
  private boolean warnedNoGoal;
  private boolean warnedNoIteration;

  private PlannerNode(
      NodeTransport node,
      RosSettings ros,
      PlanningStack stack,
      BridgeCommands agent,
      String frameId) {
    this.stack = stack;
    this.agent = agent;
    this.frameId = frameId;
    this.periodSeconds = stack.manifest().controlPeriodSeconds();
    commands =
        node.advertise(
            Topic.of(node.local("command", ros.commandTopic()), TwistStamped.TYPE),
            NodeTransport.Delivery.RELIABLE,
            10);
    energies =
        node.advertise(
            Topic.of("~energy", Float32Message.TYPE), NodeTransport.Delivery.RELIABLE, 10);
    worker = new Thread(this::work, "planner-" + node.name());
    worker.setDaemon(true);
    worker.start();
    node.subscribe(
        Topic.of(node.local("latent", ros.latentTopic()), Float32MultiArray.TYPE),
        NodeTransport.Delivery.RELIABLE,
        latent -> offer(current, latent));
    node.subscribe(
        Topic.of(
            node.local("goal_latent", PerceptionNode.goalLatentTopic(ros)), Float32MultiArray.TYPE),
        NodeTransport.Delivery.LATCHED,
        latent -> offer(goal, latent));
  }

  /**
   * {@link #start(NodeTransport, ForesightConfig, ModelSettings, BridgeTarget, String,
   * PrintWriter)} on a ROS 1 node.
   */
  static PlannerNode start(
      RosNode node,
      ForesightConfig cfg,
      ModelSettings model,
      BridgeTarget bridgeTarget,
      String frameId,
      PrintWriter out)
      throws Exception {
    return start(new Ros1Transport(node, false), cfg, model, bridgeTarget, frameId, out);
  }

  /** Opens the planning stack, connects to the agent when asked, starts planning. */
  static PlannerNode start(
      NodeTransport node,
      ForesightConfig cfg,
      ModelSettings model,
      BridgeTarget bridgeTarget,
      String frameId,
      PrintWriter out)
      throws Exception {
    BridgeSettings bridge = cfg.bridge();
    int port = 0;
    if (bridgeTarget != null) {
      port = bridgeTarget.port() != null ? bridgeTarget.port() : bridge.port();
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(
            "--bridge-port " + port + " is out of range, expected [1, 65535]");
      }
    }
    PlanningStack stack =
        PlanningStack.open(model, 1, cfg.planner(), ActionBounds.forRobot(cfg.robot()).build());
    BridgeCommands agent = null;
    String bridgeText = "no bridge";
    try {
      if (bridgeTarget != null) {
        AtomicLong states = new AtomicLong();
        BridgeClient client =
            AgentClients.controller(
                    bridge.host(),
                    port,
                    node.name(),
                    BridgeTokens.resolve(bridge.tokenSource()),
                    bridgeTarget.ssl(),
                    states)
                .connect();
        agent =
            new BridgeCommands(
                client,
                states,
                BridgeCommands.commandValidity(stack.manifest().controlPeriodSeconds()),
                bridgeTarget.rearm(),
                bridgeTarget.acknowledge());
        bridgeText =
            "bridge agent at "
                + bridge.host()
                + ":"
                + port
                + (bridgeTarget.ssl() != null ? " over TLS" : "");
      }
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    PlannerNode planner = new PlannerNode(node, cfg.ros(), stack, agent, frameId);
    out.printf(
        "foresight node planner: %s plans -> %s (%s over %s, period %.3f s, %s)%n",
        node.name(),
        planner.commands.topicName(),
        cfg.planner().sampler(),
        stack.description(),
        planner.periodSeconds,
        bridgeText + ", " + node.rosVersion());
    out.flush();
    return planner;
  }

  private void offer(AtomicReference<Latent> slot, Float32MultiArray latent) {
    var dims = latent.layout().dim();
    String label = dims.isEmpty() ? "" : dims.get(0).label();
    slot.set(new Latent(latent.data(), PerceptionNode.goalKnown(label)));
    wake.release();
  }

  private void work() {
    while (running) {
      try {
        if (agent != null) {
          // This loop is alive: the agent's deadman follows it. Arming follows the runtime's rule.
          agent.markProgress();
          agent.keepArmed();
        }
        if (!wake.tryAcquire(20, TimeUnit.MILLISECONDS)) {
          continue;
        }
        wake.drainPermits();
        Latent newGoal = goal.getAndSet(null);
        if (newGoal != null) {
          if (newGoal.data().length != stack.model().latentSize()) {
            LOG.warn(
                "goal latent has {} floats, expected {}: ignored",
                newGoal.data().length,
                stack.model().latentSize());
          } else {
            stack.setGoal(newGoal.data(), Goal.proprioWeight(newGoal.known()));
          }
        }
        Latent latent = current.getAndSet(null);
        if (latent == null) {
          continue;
        }
        if (latent.data().length != stack.model().latentSize()) {
          LOG.warn(
              "latent has {} floats, expected {}: ignored",
              latent.data().length,
              stack.model().latentSize());
          continue;
        }
        if (!stack.hasGoal()) {
          if (!warnedNoGoal) {
            warnedNoGoal = true;
            LOG.warn("no goal latent yet: waiting for one before planning");
          }
          continue;
        }
        planOnce(latent.data());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("planning failed: {}", e.toString());
        stack.resetWarmStart();
      }
    }
  }

  /**
   * Lets {@code listener} (a live view) observe each plan on the planning thread, as the control
   * tick's listener does: energy, planning time, the plan and the world model's predicted
   * end-effector path. The node has no camera frame (it plans from latents): the observation
   * carries a 1×1 placeholder and the arm state the agent last reported.
   */
  void setListener(ControlTick.Listener listener) {
    this.listener = listener;
  }

  private void planOnce(float[] latent) {
    long start = System.nanoTime();
    Plan plan = stack.plan(latent);
    long planningNanos = System.nanoTime() - start;
    if (agent != null) {
      agent.markProgress();
    }
    if (plan.iterationsDone() == 0 && !warnedNoIteration) {
      warnedNoIteration = true;
      LOG.warn(
          "the planner's time budget ({} ms, planner.timeBudgetMillis) ended before its first"
              + " iteration: commands are the warm-start mean and the energy is NaN",
          stack.options().settings().timeBudget().toMillis());
    }
    Action action = plan.actions().action(0);
    double inv = 1 / periodSeconds;
    Header header = Header.of(sequence++, System.currentTimeMillis() * 1_000_000L, frameId);
    commands.publish(
        new TwistStamped(
            header,
            new Twist(
                new Vector3(action.dx() * inv, action.dy() * inv, action.dz() * inv),
                new Vector3(action.dRoll() * inv, action.dPitch() * inv, action.dYaw() * inv))));
    energies.publish(new Float32Message((float) plan.bestEnergy()));
    ControlTick.Listener observer = listener;
    if (observer != null) {
      AgentState state = agent == null ? null : agent.client().latestState();
      ArmState arm =
          state == null ? new ArmState(System.nanoTime(), Pose.IDENTITY, 0) : state.armState();
      observer.ticked(
          new ControlTick.Decision(
              new Observation(NO_FRAME, arm),
              action,
              plan.bestEnergy(),
              plan.iterationsDone(),
              0,
              planningNanos,
              plan.searched()),
          null,
          plan.actions(),
          () -> stack.predictedPositions(latent, plan.actions()));
    }
    if (agent != null) {
      try {
        agent.send(action);
      } catch (IllegalStateException e) {
        LOG.debug("not connected to the agent: command not sent");
      }
    }
    planned.incrementAndGet();
  }

  @Override
  public void close() {
    running = false;
    try {
      worker.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (agent != null) {
      agent.client().close();
    }
    LOG.info("planner: {} plans published", planned.get());
    stack.close();
  }
}
