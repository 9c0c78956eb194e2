package dev.foresight.launch;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.StopCause;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.core.Image;
import dev.foresight.perception.Goal;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import dev.foresight.runtime.BridgeCommands;
import dev.foresight.runtime.ClosedLoop;
import dev.foresight.runtime.LatestFrame;
import dev.foresight.runtime.PlanningStack;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.EpisodeRunner;
import dev.foresight.sim.loop.HostedEpisode;
import dev.foresight.sim.loop.SearchOverrides;
import dev.foresight.sim.loop.TaskSearch;
import dev.foresight.sim.report.EpisodeResult;
import dev.foresight.view.LiveView;
import dev.foresight.worldmodel.ModelManifest;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      names = "--goal-proprio",
      paramLabel = "X,Y,Z,R,P,Y,G",
      description =
          "The arm's whole proprio in the goal image (m, rad, gripper 0 open..1 closed), when"
              + " known, e.g. as `foresight agent --driver sim` prints it: the planner matches it"
              + " as the demo does.")
  String goalProprioText;

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
      description =
          "With --frames sim: reach, push-t or pick-place (default ${DEFAULT-VALUE}), planned"
              + " with the task's default search over the configured planner, as by demo and"
              + " sim eval.")
  String task;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "With --frames sim: episode seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--bridge-port",
      paramLabel = "N",
      description = "Agent port (overrides bridge.port; with --frames sim, 0 = any free port).")
  Integer bridgePort;

  @Mixin BridgeClientMixin client;

  @Mixin ViewMixin viewOptions;

  private LiveView view;

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
    // On Ctrl-C the loop ends, the arm is stopped and the report written before the JVM exits.
    try (ShutdownHook hook =
        ShutdownHook.add(
            "foresight-run-shutdown", () -> interrupted = true, Duration.ofSeconds(10))) {
      return runLoop();
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
    double[] goalPosition =
        GoalOptions.parseValues(
            "--goal-position", goalPositionText, 3, "X,Y,Z in metres, e.g. 0.5,0,0.2");
    double[] goalProprio =
        GoalOptions.parseValues(
            "--goal-proprio",
            goalProprioText,
            Goal.PROPRIO_SIZE,
            "X,Y,Z,ROLL,PITCH,YAW,GRIPPER in metres, radians and 0..1");
    NodeArguments nodeArguments =
        RosNodeEnvironment.arguments(
            rosArguments,
            !frames.equals("sim"),
            "ROS arguments like __master:=URI with --frames ros only");
    StopCause acknowledge = client.acknowledged();
    ForesightConfig cfg = ConfigFiles.load(config);
    int port = bridgePort != null ? bridgePort : cfg.bridge().port();
    if (port < (frames.equals("sim") ? 0 : 1) || port > 65_535) {
      throw new IllegalArgumentException(
          "--bridge-port " + port + " is out of range, expected [1, 65535] (0 with --frames sim)");
    }
    SimTask simTask = frames.equals("sim") ? Tasks.byName(task) : null;
    // A simulated task plans with its default search over the configured settings, as demo and
    // sim eval do (push-t and pick-place: macro-actions and iCEM; reach: goal proprio x20).
    SearchOverrides search =
        simTask != null ? TaskSearch.of(task, "learned") : SearchOverrides.NONE;
    ModelSettings modelSettings = ConfigFiles.model(cfg, null);
    Logging.quietBridge();
    try (PlanningStack stack =
        PlanningStack.open(
            modelSettings,
            1,
            search.apply(cfg.planner()),
            ActionDimensions.bounds(cfg, simTask, fixed),
            search.tuning())) {
      ModelManifest manifest = stack.manifest();
      Image goalImage =
          GoalOptions.readGoal(goalFile, manifest.imageWidth(), manifest.imageHeight());
      Goal goal = GoalOptions.goal(goalImage, goalPosition, goalProprio);
      if (goal.known() != Goal.Known.NOTHING) {
        goal = goal.withProprioWeight(search.goalProprioWeight());
      }
      Duration validity = BridgeCommands.commandValidity(manifest.controlPeriodSeconds());
      String token = BridgeTokens.resolve(cfg.bridge().tokenSource());
      RunLoop.Session session = new RunLoop.Session(token, stack, goal, validity, acknowledge);
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "model %s; %s%s%n",
              stack.description(),
              goal,
              search.isEmpty() ? "" : "; " + task + "'s search " + search);
      try (LiveView started = viewOptions.start(cfg, spec.commandLine().getOut())) {
        view = started;
        if (simTask != null) {
          return runSim(cfg, port, simTask, session);
        }
        return runRos(cfg, port, nodeArguments, session);
      }
    }
  }

  private int runSim(ForesightConfig cfg, int port, SimTask simTask, RunLoop.Session session)
      throws Exception {
    boolean tls = cfg.bridge().tls();
    AgentOptions agentOptions =
        SimAgentHost.agentOptions(
            simTask, cfg.bridge().host(), port, session.token(), BridgeTls.server(tls, keystore));
    SslContext clientSsl = client.tls(cfg.bridge());
    try (HostedEpisode hosted =
        new HostedEpisode(simTask, seed, RenderSettings.defaults(), agentOptions)) {
      LatestFrame camera =
          new LatestFrame("the simulator's camera (" + simTask.spec().name() + ")");
      hosted.addFrameListener((step, frame) -> camera.offer(frame, step));
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(simTask.spec().describe());
      stdout.printf(
          Locale.ROOT,
          "simulated %s episode (seed %d) with its agent on %s:%d; frames from its camera%n"
              + "its goal proprio %s (for --goal-proprio)%n",
          simTask.spec().name(),
          seed,
          hosted.agent().address().getHostString(),
          hosted.agent().port(),
          SimAgentHost.proprioText(hosted.episode().goalProprio()));
      ClosedLoop.Result result =
          loop(session)
              .run(
                  hosted.agent().address().getHostString(),
                  hosted.agent().port(),
                  clientSsl,
                  camera);
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
        new RunReport(out, frames, steps, seed)
            .write(result, session.goal().image(), outcome, simTask.spec().name());
      }
      return episode != null && episode.success() ? 0 : 1;
    }
  }

  private int runRos(
      ForesightConfig cfg, int port, NodeArguments nodeArguments, RunLoop.Session session)
      throws Exception {
    BridgeSettings bridge = cfg.bridge();
    SslContext ssl = client.tls(bridge);
    try (RosNode node =
        RosNodeEnvironment.startRos1(nodeArguments, cfg.ros(), "foresight_run", "run")) {
      node.lastMasterError().ifPresent(error -> LOG.warn("{}", error));
      LatestFrame camera = RosFrames.subscribe(node, cfg.ros());
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "frames from %s; agent at %s:%d (%s)%n",
              camera.description(),
              bridge.host(),
              port,
              ssl != null ? "TLS" : "plain TCP");
      ClosedLoop.Result result = loop(session).run(bridge.host(), port, ssl, camera);
      if (out != null) {
        new RunReport(out, frames, steps, seed).write(result, session.goal().image(), null, null);
      }
      return switch (result.end()) {
        case STEP_LIMIT, INTERRUPTED, STOPPED_ON_REQUEST -> 0;
        case AGENT_STOPPED, NO_FRAMES -> 1;
      };
    }
  }

  /** The loop of this run: its session, step limit, re-arm rule, Ctrl-C flag and live lines. */
  private RunLoop loop(RunLoop.Session session) {
    return new RunLoop(session, steps, client.rearm, () -> interrupted, spec.commandLine().getOut())
        .withView(view);
  }
}
