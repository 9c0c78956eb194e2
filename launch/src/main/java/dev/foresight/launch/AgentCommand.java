package dev.foresight.launch;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.AgentTelemetry;
import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.BridgeBenchmark;
import dev.foresight.bridge.LatencyOptions;
import dev.foresight.bridge.RealtimeScheduling;
import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.bridge.ros.RosTwistArmDriver;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foresight agent}: runs the robot bridge agent next to an arm until interrupted. Reads the
 * robot profile and bridge settings from the config file, resolves the token source and, for TLS,
 * the keystore.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    modelTransformer = NodeTransports.RosArgumentsAsParameters.class,
    description = {
      "Run the robot bridge agent next to an arm (until Ctrl-C).",
      "Drivers: kinematic = an ideal arm that follows setpoints;",
      "log = the same, logging holds and a setpoint summary each second;",
      "ros = TwistStamped commands for MoveIt Servo;",
      "sim = a simulated episode (--task, --seed): the world advances one control",
      "period per command; its camera goes to ros.cameraTopic (sensor_msgs/Image, ROS",
      "arguments as for ros) for `foresight run --frames ros`. The episode ends at",
      "success, at its step limit, or when the agent stops the arm (e.g. the planner",
      "disconnected or went silent: the arm holds). --out DIR gets goal.png at start",
      "and summary.json (result, failure cause), a filmstrip and a distance plot at",
      "the end; the agent keeps holding the arm until Ctrl-C.",
      "Next to a real arm run it with --realtime (SCHED_FIFO for the I/O and control threads)."
    })
final class AgentCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--driver",
      required = true,
      paramLabel = "DRIVER",
      description =
          "Arm driver: kinematic, log, ros (TwistStamped for MoveIt Servo) or sim (a simulated"
              + " episode; see --task, --seed, --out).")
  String driver;

  @Option(
      names = "--ros-twist-topic",
      paramLabel = "TOPIC",
      description =
          "With --driver ros: topic of the geometry_msgs/TwistStamped commands"
              + " (default ${DEFAULT-VALUE}).")
  String rosTwistTopic = RosTwistArmDriver.DEFAULT_TWIST_TOPIC;

  @Option(
      names = "--ros-pose-topic",
      paramLabel = "TOPIC",
      description =
          "With --driver ros: geometry_msgs/PoseStamped topic of the measured end-effector pose;"
              + " without it the state is the last commanded setpoint (open loop).")
  String rosPoseTopic;

  @Option(
      names = "--ros-base-frame",
      paramLabel = "FRAME",
      description =
          "With --driver ros: the robot base frame; twists are published in it and measured poses"
              + " in any other frame hold the arm (default ${DEFAULT-VALUE}).")
  String rosBaseFrame = "base_link";

  @Parameters(
      paramLabel = "ROS_ARG",
      description =
          "With --driver ros or sim: ROS arguments (__master:=, __name:=, __ns:=, __ip:=,"
              + " from:=to); with --play also ROS 2 arguments (--ros-args -r from:=to -r"
              + " __node:=NAME -r __ns:=/NS).")
  List<String> rosArguments = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration (robot and bridge sections); defaults when absent.")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port to listen on (overrides bridge.port; 0 = any free port).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to bind (overrides bridge.host).")
  String host;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description =
          "PKCS12 keystore with the agent's key and certificate, required when bridge.tls is"
              + " true (any driver); its password comes from $"
              + BridgeTls.KEYSTORE_PASSWORD_ENV
              + ".")
  Path keystore;

  @Option(
      names = "--task",
      defaultValue = "reach",
      description = "With --driver sim: reach, push-t or pick-place (default ${DEFAULT-VALUE}).")
  String task;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "With --driver sim: episode seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--camera",
      paramLabel = "CAMERA",
      defaultValue = "top-down",
      description =
          "With --driver sim: top-down (Java2D, straight down), perspective (ray-cast oblique"
              + " view from the front, which shows height) or two-view (both side by side at half"
              + " width); default ${DEFAULT-VALUE}. Train and run with the camera the data was"
              + " recorded with.")
  String camera;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "With --driver sim: folder for goal.png and the episode's summary.json.")
  Path out;

  @Option(
      names = "--play",
      description =
          "With --driver sim: no episode and no referee, the simulated arm stands in for a real"
              + " one until Ctrl-C (for foresight explore and record); its topics are stamped"
              + " with the simulation clock and it also publishes the commands it applied"
              + " (TwistStamped on ros.commandTopic, or command:=).")
  boolean play;

  @Option(
      names = "--stats-seconds",
      paramLabel = "S",
      defaultValue = "10",
      description = "Log telemetry every S seconds (0 = never); default ${DEFAULT-VALUE}.")
  int statsSeconds;

  @Mixin LatencyMixin latency;

  @Override
  public Integer call() throws Exception {
    LatencyOptions latencyOptions = latency.toOptions();
    ForesightConfig cfg = ConfigFiles.load(config);
    BridgeSettings bridge = cfg.bridge();
    String bindHost = host != null ? host : bridge.host();
    int bindPort = port != null ? port : bridge.port();
    if (bindPort < 0 || bindPort > 65_535) {
      throw new IllegalArgumentException(
          "--port: " + bindPort + " is out of range, expected [0, 65535]");
    }
    String token = BridgeTokens.resolve(bridge.tokenSource());
    SslContext ssl = BridgeTls.server(bridge.tls(), keystore);
    if (play && !driver.equals("sim")) {
      throw new IllegalArgumentException("--play needs --driver sim, got --driver " + driver);
    }
    if (play) {
      // Speaks ROS 1 or ROS 2 (--ros-args or ros.version: 2): parses its own arguments.
      return SimPlayHost.serve(
          cfg,
          dev.foresight.sim.Tasks.byName(task),
          seed,
          SimAgentHost.render(camera),
          SimAgentHost.agentOptions(
              dev.foresight.sim.Tasks.byName(task), bindHost, bindPort, token, ssl),
          rosArguments,
          spec.commandLine().getOut());
    }
    NodeArguments nodeArguments =
        RosNodeEnvironment.arguments(
            rosArguments,
            driver.equals("ros") || driver.equals("sim"),
            "ROS arguments like __master:=URI with --driver ros or sim only");
    if (driver.equals("sim")) {
      return serveSim(
          cfg, SimAgentHost.render(camera), bindHost, bindPort, token, ssl, nodeArguments);
    }
    ArmDriver arm =
        ArmDrivers.create(
            driver,
            cfg,
            () -> {
              RosNode node;
              try {
                node =
                    RosNodeEnvironment.startRos1(
                        nodeArguments, cfg.ros(), "foresight_agent", "agent");
              } catch (IOException e) {
                throw new IllegalArgumentException(
                    "--driver ros: cannot start the ROS node (" + e.getMessage() + ")", e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the ROS node", e);
              }
              node.lastMasterError().ifPresent(error -> LOG.warn("{}", error));
              return ArmDrivers.ros(node, true, cfg, rosTwistTopic, rosPoseTopic, rosBaseFrame);
            });
    if (arm == null) {
      spec.commandLine()
          .getErr()
          .printf(
              "foresight agent: driver '%s' is not available yet: needs %s%n",
              driver, "the simulator (issue 3)");
      return ReservedCommands.NOT_YET_AVAILABLE;
    }
    AgentOptions options =
        new AgentOptions(
            cfg.robot(),
            bindHost,
            bindPort,
            token,
            ssl,
            AgentOptions.DEFAULT_STATE_RATE_HZ,
            Duration.ofSeconds(5),
            null,
            latencyOptions);
    RobotAgent agent = RobotAgent.start(options, arm);
    CountDownLatch stopped = new CountDownLatch(1);
    try (ShutdownHook hook =
        ShutdownHook.add(
            "foresight-agent-shutdown",
            () -> {
              agent.close();
              stopped.countDown();
            },
            Duration.ZERO)) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "agent %s listening on %s:%d (driver %s, %s, %s)%n",
          cfg.robot().robotId(),
          agent.address().getHostString(),
          agent.port(),
          arm.name(),
          ssl != null ? "TLS" : "plain TCP",
          token.isEmpty() ? "no token" : "token required");
      printScheduling(latencyOptions, agent.scheduling(), out);
      out.flush();
      try {
        while (!stopped.await(Math.max(1, statsSeconds), TimeUnit.SECONDS)) {
          if (statsSeconds > 0) {
            logStats(agent.telemetry());
          }
        }
      } catch (InterruptedException e) {
        // Stopped by the embedding program rather than by a signal.
        agent.close();
        Thread.currentThread().interrupt();
      }
    }
    return 0;
  }

  /** {@code --driver sim}: hosts a simulated episode behind the agent until Ctrl-C. */
  private int serveSim(
      ForesightConfig cfg,
      dev.foresight.sim.RenderSettings render,
      String bindHost,
      int bindPort,
      String token,
      SslContext ssl,
      NodeArguments nodeArguments)
      throws Exception {
    dev.foresight.sim.SimTask simTask = dev.foresight.sim.Tasks.byName(task);
    RosNode node =
        RosNodeEnvironment.startRos1(nodeArguments, cfg.ros(), "foresight_sim_agent", "agent");
    node.lastMasterError().ifPresent(error -> LOG.warn("{}", error));
    SimAgentHost host;
    try {
      host =
          SimAgentHost.start(
              cfg,
              simTask,
              seed,
              render,
              bindHost,
              bindPort,
              token,
              ssl,
              node,
              out,
              spec.commandLine().getOut());
    } catch (Exception e) {
      node.close();
      throw e;
    }
    ShutdownHook.runUntilShutdown(
        "foresight-agent-shutdown",
        () -> {
          host.close();
          node.close();
        });
    return 0;
  }

  /**
   * One line with what the latency-critical threads got; when real-time scheduling was asked for
   * and refused, one more saying so and how to allow it.
   */
  static void printScheduling(
      LatencyOptions requested, List<ThreadScheduling> threads, PrintWriter out) {
    out.println(
        "scheduling: "
            + threads.stream()
                .map(
                    t ->
                        new ThreadScheduling(
                                t.role(), t.tid(), t.policy(), t.priority(), t.cpus(), null)
                            .describe())
                .collect(Collectors.joining("; ")));
    List<ThreadScheduling> refused =
        threads.stream().filter(t -> requested.realtime() && !t.realtime()).toList();
    if (!refused.isEmpty()) {
      String prefix = "SCHED_FIFO " + requested.realtimePriority() + " refused: ";
      String problem = refused.get(0).problem();
      String reason =
          problem == null
              ? "no reason given"
              : problem.startsWith(prefix) ? problem.substring(prefix.length()) : problem;
      out.println(
          "realtime: SCHED_FIFO "
              + requested.realtimePriority()
              + " refused for "
              + refused.stream().map(ThreadScheduling::role).collect(Collectors.joining(", "))
              + " ("
              + reason
              + "); the agent runs at normal priority; "
              + RealtimeScheduling.advice(requested.realtimePriority()));
    }
  }

  private static void logStats(AgentTelemetry t) {
    LOG.info(
        "telemetry: commands accepted {}, stale {}, out of order {}, rejected {}, clamped {},"
            + " watchdog trips {}, overruns {}; latency {}; loop jitter {}",
        t.commandsAccepted(),
        t.droppedStale(),
        t.droppedOutOfOrder(),
        t.rejected(),
        t.clamped(),
        t.watchdogTrips(),
        t.controlOverruns(),
        BridgeBenchmark.percentiles(t.commandLatency()),
        BridgeBenchmark.percentiles(t.loopJitter()));
  }
}
