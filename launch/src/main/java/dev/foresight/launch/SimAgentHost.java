package dev.foresight.launch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.bridge.AgentOptions;
import dev.foresight.config.ForesightConfig;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.RosNode;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.loop.EpisodeRunner;
import dev.foresight.sim.loop.HostedEpisode;
import dev.foresight.sim.loop.SimRobot;
import dev.foresight.sim.report.EpisodeResult;
import dev.foresight.sim.report.Filmstrip;
import dev.foresight.sim.report.Plots;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foresight agent --driver sim}: a {@link HostedEpisode} — the simulated world
 * and arm behind a bridge agent — whose camera frames are published on a ROS topic ({@code
 * sensor_msgs/Image}, latched, header seq = physics step), each after the arm state it shows (on
 * {@code joint_states} and {@code ee_pose}, as {@code foresight node agent} publishes a real
 * arm's), so {@code foresight run --frames ros} and the perception and planner nodes drive it
 * exactly as they drive a real arm. Writes {@code goal.png} at start and, when the episode ends
 * (success, step limit, or the planner gone: the arm holds), {@code summary.json}, a filmstrip and
 * a distance plot into the output folder.
 */
final class SimAgentHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimAgentHost.class);

  private final HostedEpisode hosted;
  private final SimCameraTopics topics;
  private final Thread reporter;
  private final Path out;
  private volatile boolean reported;

  private SimAgentHost(
      HostedEpisode hosted, SimCameraTopics topics, Path out, PrintWriter stdout, String label) {
    this.hosted = hosted;
    this.topics = topics;
    this.out = out;
    this.reporter = new Thread(() -> report(stdout, label), "sim-agent-report");
    reporter.setDaemon(true);
    reporter.start();
  }

  /**
   * The agent options of a simulated arm: the task's robot profile, default state rate, 5 s idle
   * timeout.
   *
   * @param ssl the agent's TLS context, or null for plain TCP
   */
  static AgentOptions agentOptions(
      SimTask task, String host, int port, String token, SslContext ssl) {
    return new AgentOptions(
        SimRobot.robotProfile(task.spec()),
        host,
        port,
        token,
        ssl,
        AgentOptions.DEFAULT_STATE_RATE_HZ,
        Duration.ofSeconds(5),
        null);
  }

  /**
   * The frames of a simulated arm's camera: 64×64, no jitter, from {@code camera} ({@code top-down}
   * or {@code perspective}).
   *
   * @throws IllegalArgumentException naming the camera when it is neither
   */
  static RenderSettings render(String camera) {
    RenderSettings defaults = RenderSettings.defaults();
    return new RenderSettings(
        defaults.width(),
        defaults.height(),
        RenderSettings.Camera.parse(camera),
        RenderSettings.NO_JITTER);
  }

  /** {@link #start} with the camera on a ROS 1 node (or none when {@code node} is null). */
  static SimAgentHost start(
      ForesightConfig cfg,
      SimTask task,
      long seed,
      RenderSettings render,
      String host,
      int port,
      String token,
      SslContext ssl,
      RosNode node,
      Path out,
      PrintWriter stdout)
      throws IOException {
    return start(
        cfg,
        task,
        seed,
        render,
        host,
        port,
        token,
        ssl,
        node == null ? null : new Ros1Transport(node, false),
        out,
        stdout);
  }

  /**
   * Starts the episode, its agent and the camera publisher.
   *
   * @param node publishes the camera on {@code image} (remappable) or {@code ros.cameraTopic}; null
   *     for no camera topic
   * @param out folder for goal.png and the episode's report, or null
   */
  static SimAgentHost start(
      ForesightConfig cfg,
      SimTask task,
      long seed,
      RenderSettings render,
      String host,
      int port,
      String token,
      SslContext ssl,
      NodeTransport node,
      Path out,
      PrintWriter stdout)
      throws IOException {
    AgentOptions options = agentOptions(task, host, port, token, ssl);
    if (out != null) {
      // Before the agent listens, so whoever waits for its port finds the goal image.
      try (Episode episode = new Episode(task, seed, render)) {
        Image goal =
            new Image(episode.width(), episode.height(), PixelEncoding.RGB8, episode.goalFrame());
        Plots.writePng(Filmstrip.toBufferedImage(goal), out.resolve("goal.png"));
      }
    }
    HostedEpisode hosted = new HostedEpisode(task, seed, render, options);
    try {
      String cameraTopic = "none";
      SimCameraTopics topics = null;
      if (node != null) {
        topics = new SimCameraTopics(node, cfg.ros(), hosted);
        cameraTopic = topics.description();
      }
      String label = task.spec().name() + " episode (seed " + seed + ")";
      float[] goalProprio = hosted.episode().goalProprio();
      stdout.println(task.spec().describe());
      stdout.printf(
          Locale.ROOT,
          "agent %s on %s:%d (driver sim: %s), camera on %s%s%n"
              + "goal end-effector position %.4f,%.4f,%.4f m (for foresight run --goal-position)%n"
              + "goal proprio %s (for foresight run --goal-proprio)%n",
          options.profile().robotId(),
          hosted.agent().address().getHostString(),
          hosted.agent().port(),
          label,
          cameraTopic,
          out != null ? ", goal image " + out.resolve("goal.png") : "",
          goalProprio[0],
          goalProprio[1],
          goalProprio[2],
          proprioText(goalProprio));
      stdout.flush();
      return new SimAgentHost(hosted, topics, out, stdout, label);
    } catch (RuntimeException e) {
      hosted.close();
      throw e;
    }
  }

  /**
   * A proprio vector as {@code --goal-proprio} takes it: values that parse back to the same floats.
   */
  static String proprioText(float[] proprio) {
    StringBuilder text = new StringBuilder();
    for (float value : proprio) {
      text.append(text.length() == 0 ? "" : ",").append(value);
    }
    return text.toString();
  }

  /** The hosted episode (agent, driver, outcome). */
  HostedEpisode hosted() {
    return hosted;
  }

  /** Whether the episode's report has been written (or there is no output folder and it ended). */
  boolean reported() {
    return reported;
  }

  private void report(PrintWriter stdout, String label) {
    try {
      EpisodeRunner.Outcome outcome;
      do {
        outcome = hosted.awaitEnd(Duration.ofSeconds(1));
      } while (outcome == null);
      EpisodeResult result = outcome.result();
      stdout.printf(
          Locale.ROOT,
          "%s: %s after %d steps, distance to the goal %.3f -> %.3f; the arm holds%n",
          label,
          result.success() ? "SUCCESS" : "FAILURE (" + result.failureCause() + ")",
          result.steps(),
          outcome.distances()[0],
          result.finalDistance());
      stdout.flush();
      if (out != null) {
        write(outcome);
      }
      reported = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not write the simulated episode's report to {}: {}", out, e.toString());
    }
  }

  private void write(EpisodeRunner.Outcome outcome) throws IOException {
    Plots.writePng(
        Filmstrip.render(outcome.frames(), outcome.goal(), 12, 2), out.resolve("filmstrip.png"));
    Plots.writePng(
        Plots.line("distance to goal per step", "step", "distance", outcome.distances()),
        out.resolve("distance.png"));
    EpisodeResult result = outcome.result();
    var spec = hosted.episode().spec();
    ObjectNode summary = ReportJson.object();
    summary.put("task", spec.name());
    summary.put("seed", result.seed());
    summary.put("planner", "external (bridge client)");
    summary.put("success", result.success());
    summary.put("successCriterion", spec.successCriterion());
    summary.put("steps", result.steps());
    summary.put("maxSteps", spec.maxSteps());
    summary.put("stepsToSuccess", result.stepsToSuccess());
    ReportJson.put(summary, "initialDistance", outcome.distances()[0]);
    ReportJson.put(summary, "finalDistance", result.finalDistance());
    summary.put("failureCause", result.failureCause());
    summary.put("agentStopCause", hosted.agent().controlLoop().stopCause().name());
    summary.put("bridgeCommandsAccepted", hosted.agent().telemetry().commandsAccepted());
    summary.put("agentWatchdogTrips", hosted.agent().telemetry().watchdogTrips());
    summary.put("goal", "goal.png");
    summary.put("filmstrip", "filmstrip.png");
    summary.put("distancePlot", "distance.png");
    ReportJson.write(out.resolve("summary.json"), summary);
  }

  /** Closes the episode (the arm holds), after letting a report in progress finish (bounded). */
  @Override
  public void close() {
    if (topics != null) {
      topics.close();
    }
    hosted.close();
    try {
      // The first plot of a JVM loads fonts, which takes seconds on a busy machine.
      reporter.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
