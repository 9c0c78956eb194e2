package dev.foresight.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.v1.StopCause;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.core.Image;
import dev.foresight.core.Pose;
import dev.foresight.core.io.AtomicFiles;
import dev.foresight.perception.FrameRejectedException;
import dev.foresight.perception.RawFrame;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.Planner;
import dev.foresight.planner.PlannerOptions;
import dev.foresight.planner.Planners;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.EpisodeRunner;
import dev.foresight.sim.loop.HostedEpisode;
import dev.foresight.sim.loop.LearnedPlanning;
import dev.foresight.sim.loop.SimRobot;
import dev.foresight.sim.report.EpisodeResult;
import dev.foresight.sim.report.EvalSummary;
import dev.foresight.sim.report.Filmstrip;
import dev.foresight.sim.report.Plots;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.ModelManifest;
import dev.foresight.worldmodel.WorldModels;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foresight run}: the closed loop against a bridge agent — a real arm's, or the simulated
 * arm's — with camera frames from a ROS topic or from the simulator, through {@link ClosedLoop}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the closed loop toward a goal image against a bridge agent: each step",
      "encodes the newest camera frame with the agent's arm state, plans in the world",
      "model (config model, planner, robot) and sends the first action to the agent at",
      "bridge.host:bridge.port, printing step, energy and planning time. It stops at",
      "--steps, on Ctrl-C or when the agent stops the arm, and then sends a stop: the",
      "arm holds (a stop that latches: the next run needs --acknowledge-stop",
      "client-stop). It never re-arms a stopped agent, except after a watchdog stop",
      "with --rearm, or at start for the stop named by --acknowledge-stop.",
      "",
      "--frames ros: frames from ros.cameraTopic (sensor_msgs/Image): a real camera, or",
      "  `foresight agent --driver sim`, which publishes its simulated camera there.",
      "--frames sim: hosts a simulated episode (--task, --seed) and its agent on",
      "  bridge.host:bridge.port in this process and takes the frames from its camera.",
      "",
      "If this process dies, the agent holds the arm (connection closed, or the",
      "watchdog after robot.watchdogTimeoutMillis without commands or loop progress); an",
      "agent hosting a simulated episode records it as failed with that cause.",
      "",
      "Exit status: 0 the run ended normally (step limit, Ctrl-C, or a stop request",
      "  such as the simulated episode's end; with --frames sim: the task succeeded);",
      "  1 bad input (config, goal image, model) or the loop failed (agent unreachable",
      "  or stopped the arm by itself, no camera frames; with --frames sim: the task",
      "  did not succeed); 2 bad usage."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(5);
  private static final String[] DIMENSIONS = {
    "dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper"
  };

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "YAML configuration (robot, planner, model, bridge and ros sections).")
  Path config;

  @Option(
      names = "--goal",
      required = true,
      paramLabel = "IMAGE",
      description =
          "Goal image (PNG or JPEG), at least the model's input size; area-resized to it.")
  Path goalFile;

  @Option(
      names = "--frames",
      defaultValue = "ros",
      paramLabel = "SOURCE",
      description = "ros (ros.cameraTopic) or sim (a simulated episode hosted here); default ros.")
  String frames;

  @Option(
      names = "--steps",
      defaultValue = "300",
      paramLabel = "N",
      description = "Control steps at most (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write a report: filmstrip.png, energy.png, diagnostics.json, summary.json.")
  Path out;

  @Option(
      names = "--goal-position",
      paramLabel = "X,Y,Z",
      description =
          "End-effector position in the goal image (m, base frame), when known: the planner then"
              + " also matches the arm's proprioception (weighted as in the demo); without it only"
              + " the image latent counts.")
  String goalPositionText;

  @Option(
      names = "--fix",
      paramLabel = "DIMS",
      split = ",",
      description =
          "Action dimensions the planner keeps at 0: dx, dy, dz, droll, dpitch, dyaw, gripper"
              + " (e.g. droll,dpitch,dyaw,gripper for a reach).")
  List<String> fixed = new ArrayList<>();

  @Option(
      names = "--task",
      defaultValue = "reach",
      description = "With --frames sim: reach, push-t or pick-place (default ${DEFAULT-VALUE}).")
  String task;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "With --frames sim: episode seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rearm",
      description =
          "Re-arm the agent after its watchdog stopped the arm while this run stayed connected"
              + " (a starved machine); without it, and after any other stop, the run ends.")
  boolean rearm;

  @Option(
      names = "--acknowledge-stop",
      paramLabel = "CAUSE",
      description =
          "At start, when the agent is stopped for CAUSE (e.g. client-stop after an earlier run,"
              + " driver-fault, state-stale, controller-disconnected), re-arm it naming that cause."
              + " Use it only after checking the arm.")
  String acknowledgeStop;

  @Option(
      names = "--bridge-port",
      paramLabel = "N",
      description = "Agent port (overrides bridge.port; with --frames sim, 0 = any free port).")
  Integer bridgePort;

  @Option(
      names = "--truststore",
      paramLabel = "FILE",
      description =
          "With bridge.tls: PKCS12 truststore holding the agent's certificate (password in $"
              + BridgeTls.TRUSTSTORE_PASSWORD_ENV
              + "); without it the JDK's default trust anchors apply.")
  Path truststore;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description =
          "With --frames sim and bridge.tls: PKCS12 keystore of the hosted agent (password in $"
              + BridgeTls.KEYSTORE_PASSWORD_ENV
              + ").")
  Path keystore;

  @Parameters(
      paramLabel = "ROS_ARG",
      description =
          "With --frames ros: ROS arguments (__master:=, __name:=, __ip:=, image:=TOPIC).")
  List<String> rosArguments = new ArrayList<>();

  /** Set by Ctrl-C (SIGINT/SIGTERM): the loop ends, the arm is stopped, the report written. */
  private volatile boolean interrupted;

  @Override
  public Integer call() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              interrupted = true;
              try {
                done.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "foresight-run-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runLoop();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook is running and waits for this
      }
    }
  }

  private int runLoop() throws Exception {
    if (steps < 1 || steps > 1_000_000) {
      throw new IllegalArgumentException(
          "--steps " + steps + " is out of range, expected 1..1000000");
    }
    if (!frames.equals("ros") && !frames.equals("sim")) {
      throw new IllegalArgumentException(
          "--frames '" + frames + "' is not a frame source, expected ros or sim");
    }
    double[] goalPosition = parsePosition(goalPositionText);
    NodeArguments nodeArguments = NodeArguments.parse(rosArguments);
    if (!nodeArguments.remaining().isEmpty() || (!rosArguments.isEmpty() && frames.equals("sim"))) {
      throw new IllegalArgumentException(
          "unexpected argument '"
              + (nodeArguments.remaining().isEmpty()
                  ? rosArguments.get(0)
                  : nodeArguments.remaining().get(0))
              + "', expected ROS arguments like __master:=URI with --frames ros only");
    }
    StopCause acknowledge = StopCauses.parse("--acknowledge-stop", acknowledgeStop);
    ForesightConfig cfg = AgentCommand.loadConfig(config);
    int port = bridgePort != null ? bridgePort : cfg.bridge().port();
    if (port < (frames.equals("sim") ? 0 : 1) || port > 65_535) {
      throw new IllegalArgumentException(
          "--bridge-port " + port + " is out of range, expected [1, 65535] (0 with --frames sim)");
    }
    SimTask simTask = frames.equals("sim") ? Tasks.byName(task) : null;
    Path bundle = Home.resolve(cfg.model().bundle());
    Logging.quietBridge();
    try (LearnedWorldModel model = WorldModels.open(bundle, cfg.model().engine(), 1)) {
      ModelManifest manifest = model.bundle().manifest();
      Image goal = readGoal(goalFile, manifest.imageWidth(), manifest.imageHeight());
      ActionBounds bounds = bounds(cfg, simTask);
      int proprio = manifest.proprioSize();
      PlannerOptions options =
          PlannerOptions.builder(cfg.planner(), bounds)
              .energy(
                  LearnedPlanning.energy(
                      proprio, goalPosition != null ? SimPolicies.PROPRIO_WEIGHT : 0.0))
              .build();
      Planner planner = Planners.create(model, options);
      Pose goalPose =
          goalPosition == null
              ? null
              : new Pose(goalPosition[0], goalPosition[1], goalPosition[2], 0, 0, 0);
      // Two control periods, at least 0.5 s so a busy machine does not drop commands as stale.
      Duration validity =
          Duration.ofNanos(
              Math.max(500_000_000L, Math.round(2 * manifest.controlPeriodSeconds() * 1e9)));
      String token = AgentCommand.resolveToken(cfg.bridge().tokenSource());
      if (simTask != null) {
        return runSim(
            cfg, port, simTask, token, model, planner, goal, goalPose, validity, acknowledge);
      }
      return runRos(
          cfg, port, nodeArguments, token, model, planner, goal, goalPose, validity, acknowledge);
    }
  }

  private int runSim(
      ForesightConfig cfg,
      int port,
      SimTask simTask,
      String token,
      LearnedWorldModel model,
      Planner planner,
      Image goal,
      Pose goalPose,
      Duration validity,
      StopCause acknowledge)
      throws Exception {
    boolean tls = cfg.bridge().tls();
    AgentOptions agentOptions =
        SimAgentHost.agentOptions(
            simTask, cfg.bridge().host(), port, token, BridgeTls.server(tls, keystore));
    SslContext clientSsl = BridgeTls.client(tls, truststore);
    try (HostedEpisode hosted =
        new HostedEpisode(simTask, seed, RenderSettings.defaults(), agentOptions)) {
      ClosedLoop.LatestFrame camera =
          new ClosedLoop.LatestFrame("the simulator's camera (" + simTask.spec().name() + ")");
      hosted.addFrameListener((step, frame) -> camera.offer(frame, step));
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(simTask.spec().describe());
      stdout.printf(
          Locale.ROOT,
          "simulated %s episode (seed %d) with its agent on %s:%d; frames from its camera%n",
          simTask.spec().name(),
          seed,
          hosted.agent().address().getHostString(),
          hosted.agent().port());
      ClosedLoop.Result result =
          loop(
              hosted.agent().address().getHostString(),
              hosted.agent().port(),
              token,
              clientSsl,
              camera,
              model,
              planner,
              goal,
              goalPose,
              validity,
              acknowledge);
      EpisodeRunner.Outcome outcome = hosted.awaitEnd(Duration.ofSeconds(5));
      EpisodeResult episode = outcome == null ? null : outcome.result();
      if (episode != null) {
        stdout.printf(
            Locale.ROOT,
            "%s: %s after %d steps, distance to the goal %.3f -> %.3f%n",
            simTask.spec().name(),
            episode.success() ? "SUCCESS" : "FAILURE (" + episode.failureCause() + ")",
            episode.steps(),
            outcome.distances()[0],
            episode.finalDistance());
      }
      if (out != null) {
        writeReport(result, goal, outcome, simTask.spec().name());
      }
      return episode != null && episode.success() ? 0 : 1;
    }
  }

  private int runRos(
      ForesightConfig cfg,
      int port,
      NodeArguments nodeArguments,
      String token,
      LearnedWorldModel model,
      Planner planner,
      Image goal,
      Pose goalPose,
      Duration validity,
      StopCause acknowledge)
      throws Exception {
    BridgeSettings bridge = cfg.bridge();
    SslContext ssl = BridgeTls.client(bridge.tls(), truststore);
    try (RosNode node =
        RosNode.start(
            RosNodeEnvironment.settings(
                nodeArguments, System.getenv(), cfg.ros(), "foresight_run"))) {
      node.lastMasterError().ifPresent(error -> LOG.warn("{}", error));
      String topic = PerceptionNode.local(node, "image", cfg.ros().cameraTopic());
      ClosedLoop.LatestFrame camera =
          new ClosedLoop.LatestFrame("ROS topic " + node.names().resolve(topic));
      node.subscribe(
          Topic.of(topic, ImageMessage.TYPE),
          message -> {
            try {
              Image image =
                  new RawFrame(
                          message.width(), message.height(), message.encoding(), message.data())
                      .toImage();
              camera.offer(image, message.header().seq());
            } catch (FrameRejectedException e) {
              LOG.warn("camera frame seq {} rejected: {}", message.header().seq(), e.getMessage());
            }
          });
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "frames from %s; agent at %s:%d (%s)%n",
              camera.description(),
              bridge.host(),
              port,
              ssl != null ? "TLS" : "plain TCP");
      ClosedLoop.Result result =
          loop(
              bridge.host(),
              port,
              token,
              ssl,
              camera,
              model,
              planner,
              goal,
              goalPose,
              validity,
              acknowledge);
      if (out != null) {
        writeReport(result, goal, null, null);
      }
      return switch (result.end()) {
        case STEP_LIMIT, INTERRUPTED, STOPPED_ON_REQUEST -> 0;
        case AGENT_STOPPED, NO_FRAMES -> 1;
      };
    }
  }

  /** Connects, runs the loop with live lines and Ctrl-C handling, and stops the arm at the end. */
  private ClosedLoop.Result loop(
      String host,
      int port,
      String token,
      SslContext ssl,
      ClosedLoop.LatestFrame camera,
      LearnedWorldModel model,
      Planner planner,
      Image goal,
      Pose goalPose,
      Duration validity,
      StopCause acknowledge)
      throws InterruptedException {
    PrintWriter stdout = spec.commandLine().getOut();
    AtomicLong states = new AtomicLong();
    BridgeClient.Builder builder =
        BridgeClient.builder(host, port)
            .optClientId("foresight-run")
            .optAuthToken(token)
            .optRequestControl(true)
            .optHeartbeat(Duration.ofMillis(20))
            .optReconnect(false)
            .optListener(ClosedLoop.stateCounter(states));
    if (ssl != null) {
      builder.optSslContext(ssl);
    }
    try (BridgeClient client = builder.connect()) {
      ClosedLoop loop =
          new ClosedLoop(
              client,
              camera,
              model,
              planner,
              goal,
              goalPose,
              states,
              validity,
              FRAME_TIMEOUT,
              rearm,
              acknowledge);
      ClosedLoop.Result result;
      try {
        result =
            loop.run(
                steps,
                () -> interrupted,
                (step, energy, planningMillis, encodingMillis) -> {
                  stdout.printf(
                      Locale.ROOT,
                      "step %4d/%d  energy %9.4f  planning %6.1f ms  encoding %5.1f ms%n",
                      step,
                      steps,
                      energy,
                      planningMillis,
                      encodingMillis);
                  stdout.flush();
                });
      } finally {
        // The arm holds whatever ended the loop; a stopped agent ignores this.
        client.stop("foresight run ended");
        Thread.sleep(50);
      }
      stdout.printf(
          Locale.ROOT,
          "run ended: %s; planning p50 %.1f ms, p95 %.1f ms%n",
          result.detail(),
          EvalSummary.percentile(result.planningMillis(), 50),
          EvalSummary.percentile(result.planningMillis(), 95));
      stdout.flush();
      return result;
    }
  }

  /** {@code X,Y,Z} in metres, or null for none. */
  static double[] parsePosition(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(",", -1);
    double[] position = new double[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        position[i] = Double.parseDouble(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      position = null;
    }
    if (position == null
        || position.length != 3
        || !Arrays.stream(position).allMatch(Double::isFinite)) {
      throw new IllegalArgumentException(
          "--goal-position '" + text + "' is not valid, expected X,Y,Z in metres, e.g. 0.5,0,0.2");
    }
    return position;
  }

  /** Action bounds: the simulated task's, or the robot profile's with {@code --fix} applied. */
  private ActionBounds bounds(ForesightConfig cfg, SimTask simTask) {
    if (simTask != null) {
      if (!fixed.isEmpty()) {
        throw new IllegalArgumentException(
            "--fix is for --frames ros; a simulated task fixes its own unused dimensions");
      }
      return SimRobot.bounds(simTask.spec());
    }
    ActionBounds.Builder builder = ActionBounds.forRobot(cfg.robot());
    for (String name : fixed) {
      int dimension = List.of(DIMENSIONS).indexOf(name.strip());
      if (dimension < 0) {
        throw new IllegalArgumentException(
            "--fix: '"
                + name
                + "' is not an action dimension, expected one of "
                + String.join(", ", DIMENSIONS));
      }
      builder.fix(dimension, 0f);
    }
    return builder.build();
  }

  /**
   * Reads the goal image as RGB8.
   *
   * @throws IllegalArgumentException one line naming the file and what was expected
   */
  static Image readGoal(Path file, int minWidth, int minHeight) {
    String expected =
        "expected a PNG or JPEG image of at least " + minWidth + "x" + minHeight + " pixels";
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--goal " + file + ": no such file, " + expected);
    }
    Image image;
    try {
      // Width and height are checked from the image header before any pixel is decoded.
      image =
          dev.foresight.core.io.ImageFiles.readRgb(
              file, new dev.foresight.core.io.ImageFiles.Limits(64L << 20, 8192, 8192L * 8192));
    } catch (dev.foresight.core.io.ImageFiles.TooManyPixelsException e) {
      throw goalSizeError(file, e.width(), e.height(), expected);
    } catch (dev.foresight.core.io.InvalidFileException e) {
      throw new IllegalArgumentException(
          "--goal " + file + ": " + e.problem() + ", " + expected, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--goal " + file + ": cannot read (" + e.getMessage() + "), " + expected, e);
    }
    if (image.width() < minWidth || image.height() < minHeight) {
      throw goalSizeError(file, image.width(), image.height(), expected);
    }
    return image;
  }

  private static IllegalArgumentException goalSizeError(
      Path file, int width, int height, String expected) {
    return new IllegalArgumentException(
        "--goal "
            + file
            + ": "
            + width
            + "x"
            + height
            + " pixels, "
            + expected
            + " (and at most 8192x8192)");
  }

  /** The demo's report: filmstrip with the goal, energy (and distance) plots, summary.json. */
  private void writeReport(
      ClosedLoop.Result result, Image goal, EpisodeRunner.Outcome episode, String taskName)
      throws IOException {
    List<Image> filmstripFrames = episode != null ? episode.frames() : result.frames();
    if (!filmstripFrames.isEmpty()) {
      Plots.writePng(Filmstrip.render(filmstripFrames, goal, 12, 2), out.resolve("filmstrip.png"));
    }
    if (result.steps() > 0) {
      Plots.writePng(
          Plots.line("energy per step (best planned)", "step", "energy", result.energies(), 1),
          out.resolve("energy.png"));
    }
    if (episode != null) {
      Plots.writePng(
          Plots.line("distance to goal per step", "step", "distance", episode.distances()),
          out.resolve("distance.png"));
    }
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode rows = mapper.createArrayNode();
    for (int i = 0; i < result.steps(); i++) {
      ObjectNode row = rows.addObject();
      row.put("step", i + 1);
      put(row, "energy", result.energies()[i]);
      put(row, "planningMillis", result.planningMillis()[i]);
      put(row, "encodingMillis", result.encodingMillis()[i]);
    }
    AtomicFiles.writeString(
        out.resolve("diagnostics.json"), mapper.writeValueAsString(rows) + "\n");
    ObjectNode summary = mapper.createObjectNode();
    summary.put("frames", frames);
    summary.put("steps", result.steps());
    summary.put("maxSteps", steps);
    summary.put("end", result.end().name());
    summary.put("endDetail", result.detail());
    summary.put("rearms", result.rearms());
    put(summary, "planningMillisP50", EvalSummary.percentile(result.planningMillis(), 50));
    put(summary, "planningMillisP95", EvalSummary.percentile(result.planningMillis(), 95));
    if (episode != null) {
      EpisodeResult r = episode.result();
      summary.put("task", taskName);
      summary.put("seed", seed);
      summary.put("success", r.success());
      summary.put("episodeSteps", r.steps());
      summary.put("stepsToSuccess", r.stepsToSuccess());
      put(summary, "initialDistance", episode.distances()[0]);
      put(summary, "finalDistance", r.finalDistance());
      summary.put("failureCause", r.failureCause());
      summary.put("distancePlot", "distance.png");
    }
    summary.put("filmstrip", "filmstrip.png");
    summary.put("energyPlot", "energy.png");
    summary.put("diagnostics", "diagnostics.json");
    AtomicFiles.writeString(out.resolve("summary.json"), mapper.writeValueAsString(summary) + "\n");
  }

  static void put(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }
}
