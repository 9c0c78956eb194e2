package dev.foresight.launch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.runtime.BridgeCommands;
import dev.foresight.runtime.Exploration;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight explore}: play data without teleoperation, through the bridge agent. */
@Command(
    name = "explore",
    modelTransformer = NodeTransports.RosArgumentsAsParameters.class,
    mixinStandardHelpOptions = true,
    description = {
      "Drive the arm through its bridge agent with smooth seeded random motion inside the robot",
      "profile's workspace (and gripper open/close), episode after episode, returning to the",
      "start pose between them; record the camera and arm state meanwhile (foresight record, or",
      "rosbag record and foresight data import). The agent's limits, watchdog and stops apply as",
      "for any planner. Writes the episodes' start and end times to --out DIR/explore.json."
    })
final class ExploreCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ExploreCommand.class);
  private static final Duration SUBSCRIBER_WAIT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "YAML configuration: robot (workspace, limits) and bridge (agent address).")
  Path config;

  @Option(
      names = "--episodes",
      defaultValue = "10",
      description = "Episodes (default ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--steps",
      defaultValue = "50",
      description = "Control steps per episode (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the motion (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--period",
      defaultValue = "0.1",
      description =
          "Seconds per control step, as the dataset records them (default ${DEFAULT-VALUE}).")
  double periodSeconds;

  @Option(
      names = "--gripper-toggle",
      defaultValue = "0.08",
      description = "Chance per step that the gripper command flips (default ${DEFAULT-VALUE}).")
  double gripperToggle;

  @Option(
      names = "--bridge-port",
      paramLabel = "N",
      description = "Agent port (overrides bridge.port).")
  Integer bridgePort;

  @Mixin BridgeClientMixin client;

  @Option(
      names = "--episode-topic",
      paramLabel = "TOPIC",
      description =
          "Publish one std_msgs/String on this ROS topic after each episode, once the arm is back"
              + " at the start (for foresight record --episode-topic), reliable on ROS 2; master"
              + " from the config's ros section, ROS_MASTER_URI or __master:=, or ROS_DOMAIN_ID"
              + " on ROS 2.")
  String episodeTopic;

  @Option(
      names = "--ros-version",
      paramLabel = "1|2",
      description =
          "With --episode-topic: ROS to speak, 1 or 2 (default: the config's ros.version, or 2"
              + " when --ros-args is given).")
  Integer rosVersion;

  @Parameters(
      paramLabel = "ROS_ARG",
      description =
          "With --episode-topic: ROS 1 arguments (__master:=, __name:=, __ip:=) or ROS 2"
              + " arguments (--ros-args -r __node:=NAME -r __ns:=/NS).")
  List<String> rosArguments = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder for explore.json (default: the current folder).")
  Path out = Path.of(".");

  private volatile boolean interrupted;

  @Override
  public Integer call() throws Exception {
    try (ShutdownHook hook =
        ShutdownHook.add(
            "foresight-explore-shutdown", () -> interrupted = true, Duration.ofSeconds(10))) {
      return explore();
    }
  }

  private int explore() throws Exception {
    NodeTransports.Selection selection =
        NodeTransports.select(
            rosArguments,
            rosVersion,
            config,
            episodeTopic != null,
            "ROS arguments like __master:=URI with --episode-topic only");
    ForesightConfig cfg = selection.config();
    Exploration.Options options =
        new Exploration.Options(
            episodes,
            steps,
            seed,
            Duration.ofNanos(Math.round(periodSeconds * 1e9)),
            0.8,
            gripperToggle,
            200);
    if (episodeTopic == null) {
      return explore(cfg, options, null);
    }
    try (NodeTransport node = NodeTransports.start(selection, "foresight_explore")) {
      NodeTransport.Outlet<StringMessage> boundaries =
          node.advertise(
              Topic.of(episodeTopic, StringMessage.TYPE), NodeTransport.Delivery.RELIABLE, 10);
      long deadline = System.nanoTime() + SUBSCRIBER_WAIT.toNanos();
      while (boundaries.subscriberCount() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (boundaries.subscriberCount() == 0) {
        LOG.warn(
            "nobody subscribes to {} after {} s; exploring anyway",
            boundaries.topicName(),
            SUBSCRIBER_WAIT.toSeconds());
      }
      return explore(cfg, options, boundaries);
    }
  }

  private int explore(
      ForesightConfig cfg,
      Exploration.Options options,
      NodeTransport.Outlet<StringMessage> boundaries)
      throws Exception {

    BridgeSettings bridge = cfg.bridge();
    int port = bridgePort != null ? bridgePort : bridge.port();
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "--bridge-port " + port + " is out of range, expected [1, 65535]");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    AtomicLong states = new AtomicLong();
    try (BridgeClient connection =
        AgentClients.controller(
                bridge.host(),
                port,
                "foresight-explore",
                BridgeTokens.resolve(bridge.tokenSource()),
                client.tls(bridge),
                states)
            .optHeartbeat(Duration.ofMillis(20))
            .optReconnect(false)
            .connect()) {
      BridgeCommands agent =
          new BridgeCommands(
              connection,
              states,
              BridgeCommands.commandValidity(periodSeconds),
              client.rearm,
              client.acknowledged());
      stdout.printf(
          Locale.ROOT,
          "exploring %d episode(s) of %d steps (%.2f s each) on the agent at %s:%d, seed %d%n",
          episodes,
          steps,
          steps * periodSeconds,
          bridge.host(),
          port,
          seed);
      stdout.flush();
      List<Exploration.Episode> done;
      try {
        done =
            new Exploration(agent, cfg.robot(), options)
                .run(
                    () -> interrupted,
                    (episode, total) -> {
                      stdout.printf(
                          Locale.ROOT,
                          "episode %d/%d: %d steps, back at the start in %d%n",
                          episode.index() + 1,
                          total,
                          episode.steps(),
                          episode.returnSteps());
                      stdout.flush();
                      if (boundaries != null) {
                        publishBoundary(boundaries, episode);
                      }
                    });
      } finally {
        agent.stop("foresight explore ended");
      }
      write(out.resolve("explore.json"), done);
      stdout.printf(
          "explored %d episode(s); episode times in %s%n",
          done.size(), out.resolve("explore.json"));
      return 0;
    }
  }

  /**
   * Ends the episode for recorders: one message, then a pause of two periods (at least 50 ms) so
   * that it reaches them before the frames of the next episode's first command.
   */
  private void publishBoundary(
      NodeTransport.Outlet<StringMessage> boundaries, Exploration.Episode episode) {
    boundaries.publish(
        new StringMessage("episode " + episode.index() + " ended; arm back at the start"));
    try {
      Thread.sleep(Math.max(50, Math.round(2 * periodSeconds * 1000)));
    } catch (InterruptedException e) {
      interrupted = true;
      Thread.currentThread().interrupt();
    }
  }

  private void write(Path file, List<Exploration.Episode> done) throws java.io.IOException {
    Files.createDirectories(file.getParent());
    ObjectNode root = ReportJson.object();
    root.put("seed", seed);
    root.put("periodSeconds", periodSeconds);
    ArrayNode list = root.putArray("episodes");
    for (Exploration.Episode episode : done) {
      ObjectNode node = list.addObject();
      node.put("index", episode.index());
      node.put("startEpochNanos", episode.startEpochNanos());
      node.put("endEpochNanos", episode.endEpochNanos());
      node.put("steps", episode.steps());
      node.put("returnSteps", episode.returnSteps());
    }
    ReportJson.write(file, root);
  }
}
