package dev.foresight.launch;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.bridge.Setpoint;
import dev.foresight.bridge.ros.RosTwistArmDriver;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.RosSettings;
import dev.foresight.core.ArmState;
import dev.foresight.ros.RosNode;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The body of {@code foresight node agent}: a {@link RobotAgent} whose driver is wrapped so the
 * state the agent samples (on its control thread, as the {@link ArmDriver} contract requires) is
 * published on ROS by a timer thread.
 */
final class AgentNode implements NodeCommand.Running {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AgentNode.class);

  /** What the agent last read from the driver: pose, gripper and joints. */
  private record Snapshot(ArmState state, double[] positionsRad, double[] velocitiesRadPerS) {}

  /** Passes every call to the real driver and keeps a copy of each state it reads. */
  static final class StateTap implements ArmDriver {
    private final ArmDriver driver;
    private final double[] positions;
    private final double[] velocities;
    private volatile Snapshot latest;

    StateTap(ArmDriver driver) {
      this.driver = driver;
      this.positions = new double[driver.jointCount()];
      this.velocities = new double[driver.jointCount()];
    }

    @Override
    public String name() {
      return driver.name();
    }

    @Override
    public ArmState state() {
      ArmState state = driver.state();
      if (positions.length > 0) {
        driver.readJoints(positions, velocities);
      }
      latest = new Snapshot(state, positions.clone(), velocities.clone());
      return state;
    }

    @Override
    public void command(Setpoint setpoint) {
      driver.command(setpoint);
    }

    @Override
    public void hold() {
      driver.hold();
    }

    @Override
    public int jointCount() {
      return driver.jointCount();
    }

    @Override
    public void readJoints(double[] positionsRad, double[] velocitiesRadPerS) {
      driver.readJoints(positionsRad, velocitiesRadPerS);
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  private final RobotAgent agent;
  private final StateTap tap;
  private final ScheduledExecutorService timer;

  private AgentNode(RobotAgent agent, StateTap tap, ScheduledExecutorService timer) {
    this.agent = agent;
    this.tap = tap;
    this.timer = timer;
  }

  /** Starts the agent and the state publishers on a ROS 1 node. */
  static AgentNode start(
      RosNode node,
      ForesightConfig cfg,
      String driverName,
      Integer port,
      double rateHz,
      String frameId,
      SslContext ssl,
      PrintWriter out) {
    return start(new Ros1Transport(node, false), cfg, driverName, port, rateHz, frameId, ssl, out);
  }

  /** Starts the agent and the state publishers on {@code node} (ROS 1 or ROS 2). */
  static AgentNode start(
      NodeTransport node,
      ForesightConfig cfg,
      String driverName,
      Integer port,
      double rateHz,
      String frameId,
      SslContext ssl,
      PrintWriter out) {
    if (!(rateHz > 0 && rateHz <= 1000)) {
      throw new IllegalArgumentException(
          "--rate " + rateHz + " is out of range, expected (0, 1000] Hz");
    }
    BridgeSettings bridge = cfg.bridge();
    int bindPort = port != null ? port : bridge.port();
    if (bindPort < 0 || bindPort > 65_535) {
      throw new IllegalArgumentException(
          "--port: " + bindPort + " is out of range, expected [0, 65535]");
    }
    // The ros driver publishes through this node: 'twist' (MoveIt Servo's input topic unless
    // remapped) and, when remapped, the measured pose from 'measured_pose'.
    ArmDriver driver = ArmDrivers.create(driverName, cfg, () -> twistDriver(node, cfg, frameId));
    if (driver == null) {
      throw new IllegalArgumentException(
          "--driver " + driverName + " is not available here, expected kinematic, log or ros");
    }
    StateTap tap = new StateTap(driver);
    RosSettings ros = cfg.ros();
    ArmStateTopics armState = new ArmStateTopics(node, ros, tap.jointCount(), frameId);
    RobotAgent agent =
        RobotAgent.start(
            new AgentOptions(
                cfg.robot(),
                bridge.host(),
                bindPort,
                BridgeTokens.resolve(bridge.tokenSource()),
                ssl,
                AgentOptions.DEFAULT_STATE_RATE_HZ,
                Duration.ofSeconds(5),
                null),
            tap);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "agent-state-" + node.name()));
    timer.scheduleAtFixedRate(
        () -> {
          Snapshot s = tap.latest;
          if (s != null) {
            armState.publish(s.state(), s.positionsRad(), s.velocitiesRadPerS());
          }
        },
        0,
        Math.max(1, Math.round(1e6 / rateHz)),
        TimeUnit.MICROSECONDS);
    out.printf(
        "foresight node agent: %s runs agent %s on %s:%d (driver %s, %s), publishing %s and %s"
            + " at %.0f Hz (%s)%n",
        node.name(),
        cfg.robot().robotId(),
        agent.address().getHostString(),
        agent.port(),
        tap.name(),
        ssl != null ? "TLS" : "plain TCP",
        armState.jointTopic(),
        armState.poseTopic(),
        rateHz,
        node.rosVersion());
    out.flush();
    AgentNode agentNode = new AgentNode(agent, tap, timer);
    // However the node is asked to close (rosnode kill, SIGTERM, the end of --duration), the agent
    // stops first: the arm holds and the ros driver's zero twist goes out while its publisher is
    // still open, before the node tears its connections down.
    node.onShutdown(
        () -> {
          if (node instanceof Ros1Transport ros1) {
            ros1.node()
                .shutdownRequest()
                .ifPresent(request -> LOG.warn("{}: stopping the arm, then the node", request));
          }
          agentNode.close();
        });
    return agentNode;
  }

  /**
   * The {@code ros} driver on {@code node}: twists on {@code twist} (MoveIt Servo's input topic
   * unless remapped: {@code servo_server/delta_twist_cmds} on ROS 1, MoveIt 2 Servo's {@code
   * servo_node/delta_twist_cmds} on ROS 2) and, when remapped, the measured pose from {@code
   * measured_pose}.
   */
  private static ArmDriver twistDriver(NodeTransport node, ForesightConfig cfg, String frameId) {
    String poseTopic = node.isRemapped("measured_pose") ? "measured_pose" : null;
    if (node instanceof Ros1Transport ros1) {
      return ArmDrivers.ros(
          ros1.node(),
          false,
          cfg,
          node.local("twist", RosTwistArmDriver.DEFAULT_TWIST_TOPIC),
          poseTopic,
          frameId);
    }
    RosTwistArmDriver arm =
        new RosTwistArmDriver(
            new TransportTwistChannel(
                node, node.local("twist", TransportTwistChannel.ROS2_SERVO_TWIST_TOPIC)),
            poseTopic,
            frameId,
            cfg.robot(),
            ArmDrivers.workspaceCentre(cfg),
            cfg.robot().gripperMin());
    LOG.info(
        "ros driver: {} publishes geometry_msgs/msg/TwistStamped on {} ({})",
        node.name(),
        arm.twistTopic(),
        poseTopic == null
            ? "open loop: state = last setpoint"
            : "measured pose from " + node.resolve(poseTopic));
    return arm;
  }

  /** Whether the agent's control loop is armed. */
  boolean isArmed() {
    return agent.controlLoop().isArmed();
  }

  /** How often the agent's control loop stopped the arm (the state at start does not count). */
  long stopCount() {
    return agent.controlLoop().stopCount();
  }

  /** Why the agent's arm is stopped; {@code STOP_CAUSE_NONE} while armed. */
  dev.foresight.bridge.StopCause stopCause() {
    return agent.controlLoop().stopCause();
  }

  /** The agent's counters. */
  dev.foresight.bridge.AgentTelemetry telemetry() {
    return agent.telemetry();
  }

  /** The agent's port (useful with {@code --port 0}). */
  int port() {
    return agent.port();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    agent.close(); // closes the driver too
  }
}
