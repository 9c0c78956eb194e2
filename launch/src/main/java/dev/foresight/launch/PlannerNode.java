package dev.foresight.launch;

import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.ControlLoop;
import dev.foresight.bridge.v1.AgentMode;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.State;
import dev.foresight.bridge.v1.StopCause;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.config.RosSettings;
import dev.foresight.core.Action;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.ActionSequence;
import dev.foresight.planner.Energy;
import dev.foresight.planner.GoalDistance;
import dev.foresight.planner.Plan;
import dev.foresight.planner.Planner;
import dev.foresight.planner.PlannerOptions;
import dev.foresight.planner.Planners;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Float32Message;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foresight node planner}: the newest current and goal latents go into
 * latest-value slots on the ROS I/O thread; one worker thread plans from them (CEM or MPPI as
 * configured, over the bundled world model, energy = L1 to the goal latent summed over the horizon
 * with the proprio slice weighted, bounds from the robot profile) and publishes the first action.
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

  private final LearnedWorldModel model;
  private final Planner planner;
  private final RosPublisher<TwistStamped> commands;
  private final RosPublisher<Float32Message> energies;
  private final BridgeClient client;
  private final Duration commandValidity;
  private final double periodSeconds;
  private final String frameId;
  private final AtomicReference<float[]> current = new AtomicReference<>();
  private final AtomicReference<float[]> goal = new AtomicReference<>();
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong planned = new AtomicLong();
  private final Thread worker;
  private volatile boolean running = true;
  private float[] goalLatent;
  private ActionSequence warmStart;
  private int sequence;
  private boolean warnedNoGoal;
  private boolean warnedNoIteration;

  private PlannerNode(
      RosNode node,
      ForesightConfig cfg,
      LearnedWorldModel model,
      BridgeClient client,
      String frameId) {
    this.model = model;
    this.client = client;
    this.frameId = frameId;
    RosSettings ros = cfg.ros();
    int proprio = model.bundle().manifest().proprioSize();
    GoalDistance distance = GoalDistance.l1Summed();
    if (proprio > 0) {
      distance = distance.proprio(proprio, SimPolicies.PROPRIO_WEIGHT);
    }
    PlannerOptions options =
        PlannerOptions.builder(cfg.planner(), ActionBounds.forRobot(cfg.robot()).build())
            .energy(Energy.builder().add(distance).build())
            .build();
    this.planner = Planners.create(model, options);
    this.periodSeconds = model.bundle().manifest().controlPeriodSeconds();
    this.commandValidity = Duration.ofNanos(Math.round(2 * periodSeconds * 1e9));
    commands =
        node.advertise(
            Topic.of(PerceptionNode.local(node, "command", ros.commandTopic()), TwistStamped.TYPE),
            false,
            10);
    energies = node.advertise(Topic.of("~energy", Float32Message.TYPE), false, 10);
    worker = new Thread(this::work, "planner-" + node.name());
    worker.setDaemon(true);
    worker.start();
    node.subscribe(
        Topic.of(PerceptionNode.local(node, "latent", ros.latentTopic()), Float32MultiArray.TYPE),
        latent -> offer(current, latent));
    node.subscribe(
        Topic.of(
            PerceptionNode.local(node, "goal_latent", PerceptionNode.goalLatentTopic(ros)),
            Float32MultiArray.TYPE),
        latent -> offer(goal, latent));
  }

  /** Loads the model, connects to the agent when asked, starts planning. */
  static PlannerNode start(
      RosNode node,
      ForesightConfig cfg,
      Path bundle,
      BridgeTarget bridgeTarget,
      String frameId,
      PrintWriter out)
      throws Exception {
    BridgeClient client = null;
    BridgeClient[] self = new BridgeClient[1];
    String bridgeText = "no bridge";
    if (bridgeTarget != null) {
      BridgeSettings bridge = cfg.bridge();
      int port = bridgeTarget.port() != null ? bridgeTarget.port() : bridge.port();
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(
            "--bridge-port " + port + " is out of range, expected [1, 65535]");
      }
      boolean rearm = bridgeTarget.rearm();
      AgentModeWatch watch = new AgentModeWatch(rearm, bridgeTarget.acknowledge(), self);
      client =
          BridgeClient.builder(bridge.host(), port)
              .optClientId(node.name())
              .optAuthToken(AgentCommand.resolveToken(bridge.tokenSource()))
              .optRequestControl(true)
              .optSslContext(bridgeTarget.ssl())
              .optListener(watch)
              .connect();
      bridgeText =
          "bridge agent at "
              + bridge.host()
              + ":"
              + port
              + (bridgeTarget.ssl() != null ? " over TLS" : "");
    }
    LearnedWorldModel model;
    try {
      model = WorldModels.open(bundle, ModelSettings.Engine.ONNXRUNTIME, 1);
    } catch (Exception e) {
      if (client != null) {
        client.close();
      }
      throw e;
    }
    PlannerNode planner = new PlannerNode(node, cfg, model, client, frameId);
    // Only now may the watch arm the agent: the planning loop runs and feeds its deadman.
    self[0] = client;
    out.printf(
        "foresight node planner: %s plans -> %s (%s over %s, period %.3f s, %s)%n",
        node.name(),
        planner.commands.topic().name(),
        cfg.planner().sampler(),
        bundle,
        planner.periodSeconds,
        bridgeText);
    out.flush();
    return planner;
  }

  /**
   * Arms a freshly started agent; logs the agent's stops once each; re-arms only after a watchdog
   * stop with {@code --rearm}, and acknowledges one named stop at start with {@code
   * --acknowledge-stop}. A latched stop is never re-armed otherwise.
   */
  private static final class AgentModeWatch implements java.util.function.Consumer<Envelope> {
    private final boolean rearm;
    private final StopCause acknowledge;
    private final BridgeClient[] client;
    private static final long ARM_REQUEST_INTERVAL_NANOS = 500_000_000L;
    private AgentMode lastMode = AgentMode.AGENT_MODE_UNSPECIFIED;
    private long lastArmRequestNanos = System.nanoTime() - 2 * ARM_REQUEST_INTERVAL_NANOS;
    private boolean acknowledged;

    AgentModeWatch(boolean rearm, StopCause acknowledge, BridgeClient[] client) {
      this.rearm = rearm;
      this.acknowledge = acknowledge;
      this.client = client;
    }

    @Override
    public void accept(Envelope envelope) {
      if (!envelope.hasState()) {
        return;
      }
      State state = envelope.getState();
      AgentMode mode = state.getMode();
      StopCause cause = state.getStopCause();
      boolean controlling = client[0] != null && client[0].hasControl();
      long now = System.nanoTime();
      boolean mayRequest = now - lastArmRequestNanos > ARM_REQUEST_INTERVAL_NANOS;
      if (mode == AgentMode.AGENT_MODE_STOPPED && cause == StopCause.STOP_CAUSE_STARTUP) {
        // A fresh agent has never been armed: arming it is the planner's start, not a re-arm.
        if (controlling && mayRequest) {
          LOG.info("arming the agent (not armed since it started)");
          lastArmRequestNanos = now;
          client[0].rearm();
        }
      } else if (mode == AgentMode.AGENT_MODE_STOPPED
          && !acknowledged
          && acknowledge != null
          && cause == acknowledge) {
        if (controlling && mayRequest) {
          LOG.warn(
              "re-arming the agent, acknowledging its stop {} ({}) as --acknowledge-stop asks",
              cause,
              state.getStopDetail());
          lastArmRequestNanos = now;
          acknowledged = true;
          client[0].rearm(cause);
        }
      } else if (mode == AgentMode.AGENT_MODE_STOPPED && lastMode != AgentMode.AGENT_MODE_STOPPED) {
        if (rearm && cause == StopCause.STOP_CAUSE_WATCHDOG && controlling) {
          LOG.warn("agent's watchdog stopped the arm: re-arming (--rearm)");
          client[0].rearm();
        } else {
          LOG.warn(
              "agent stopped the arm ({}: {}): the arm holds{}",
              cause,
              state.getStopDetail(),
              ControlLoop.latches(cause)
                  ? "; the stop latches: check the arm, then restart the planner with"
                      + " --acknowledge-stop "
                      + StopCauses.name(cause)
                  : rearm ? "" : "; restart with --rearm to re-arm after watchdog stops");
        }
      } else if (mode == AgentMode.AGENT_MODE_ARMED && lastMode == AgentMode.AGENT_MODE_STOPPED) {
        LOG.info("agent armed");
      }
      lastMode = mode;
    }
  }

  private void offer(AtomicReference<float[]> slot, Float32MultiArray latent) {
    slot.set(latent.data());
    wake.release();
  }

  private void work() {
    while (running) {
      try {
        if (client != null) {
          client.markProgress(); // this loop is alive: the agent's deadman follows it
        }
        if (!wake.tryAcquire(20, TimeUnit.MILLISECONDS)) {
          continue;
        }
        wake.drainPermits();
        float[] newGoal = goal.getAndSet(null);
        if (newGoal != null) {
          if (newGoal.length != model.latentSize()) {
            LOG.warn(
                "goal latent has {} floats, expected {}: ignored",
                newGoal.length,
                model.latentSize());
          } else {
            goalLatent = newGoal;
            warmStart = null;
          }
        }
        float[] latent = current.getAndSet(null);
        if (latent == null) {
          continue;
        }
        if (latent.length != model.latentSize()) {
          LOG.warn("latent has {} floats, expected {}: ignored", latent.length, model.latentSize());
          continue;
        }
        if (goalLatent == null) {
          if (!warnedNoGoal) {
            warnedNoGoal = true;
            LOG.warn("no goal latent yet: waiting for one before planning");
          }
          continue;
        }
        planOnce(latent);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("planning failed: {}", e.toString());
        warmStart = null;
      }
    }
  }

  private void planOnce(float[] latent) {
    Plan plan = planner.plan(latent, goalLatent, warmStart);
    if (client != null) {
      client.markProgress();
    }
    ActionSequence actions = plan.actions();
    if (plan.iterationsDone() == 0 && !warnedNoIteration) {
      warnedNoIteration = true;
      LOG.warn(
          "the planner's time budget ({} ms, planner.timeBudgetMillis) ended before its first"
              + " iteration: commands are the warm-start mean and the energy is NaN",
          planner.options().settings().timeBudget().toMillis());
    }
    // The planner reads its own last plan as the warm start before overwriting it.
    warmStart = actions;
    Action action = actions.action(0);
    double inv = 1 / periodSeconds;
    Header header = Header.of(sequence++, System.currentTimeMillis() * 1_000_000L, frameId);
    commands.publish(
        new TwistStamped(
            header,
            new Twist(
                new Vector3(action.dx() * inv, action.dy() * inv, action.dz() * inv),
                new Vector3(action.dRoll() * inv, action.dPitch() * inv, action.dYaw() * inv))));
    energies.publish(new Float32Message((float) plan.bestEnergy()));
    if (client != null && client.sendDelta(action, commandValidity) < 0) {
      LOG.debug("not connected to the agent: command not sent");
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
    if (client != null) {
      client.close();
    }
    LOG.info("planner: {} plans published", planned.get());
    model.close();
  }
}
