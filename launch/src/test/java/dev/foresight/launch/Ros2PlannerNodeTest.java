package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.perception.Perception;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Publisher;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Topic;
import dev.foresight.ros2.msg.Float32MultiArray;
import dev.foresight.runtime.ControlTick;
import dev.foresight.sim.loop.LearnedPlanning;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The planner node on ROS 2: latents of the wrong length (a goal latent, a current one) cost one
 * log line each and are ignored; well-formed ones make it plan and publish {@code
 * geometry_msgs/msg/TwistStamped} on {@code /planner/command}, which the C++ Fast-DDS peer reads.
 */
@Timeout(120)
class Ros2PlannerNodeTest {
  private static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());
  private static final ModelSettings MODEL =
      new ModelSettings(BUNDLE, ModelSettings.Engine.ONNXRUNTIME);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(PlannerNode.class);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  /** The latent of a uniform grey frame of {@code shade}, encoded by the bundle. */
  private static float[] latent(int shade) throws Exception {
    try (LearnedWorldModel model = WorldModels.open(BUNDLE, ModelSettings.Engine.ONNXRUNTIME, 1)) {
      return encode(Perception.of(model), shade, model.latentSize());
    }
  }

  /** The learned planner's settings on ROS 2. */
  private static ForesightConfig ros2Config() {
    return new ForesightConfig(
        ForesightConfig.DEFAULTS.robot(),
        LearnedPlanning.SETTINGS,
        ForesightConfig.DEFAULTS.model(),
        ForesightConfig.DEFAULTS.bridge(),
        ForesightConfig.DEFAULTS.ros().withVersion(2));
  }

  private static float[] encode(Perception perception, int shade, int size) {
    byte[] pixels = new byte[64 * 64 * 3];
    java.util.Arrays.fill(pixels, (byte) shade);
    float[] latent = new float[size];
    perception.encode(
        new Observation(
            new Image(64, 64, PixelEncoding.RGB8, pixels),
            new ArmState(0, new Pose(0, 0, 0.1, 0, 0, 0), 0)),
        latent);
    return latent;
  }

  @Test
  void wrongLengthLatentsCostOneLineEachAndWellFormedOnesGiveTwistsCppReads() throws Exception {
    float[] goalLatent = latent(200);
    float[] currentLatent = latent(40);
    int size = goalLatent.length;
    int domain = CppDdsPeer.nextDomain();
    ForesightConfig cfg = ros2Config();
    StringWriter out = new StringWriter();
    try (CppDdsPeer servo =
            CppDdsPeer.start("sub-twist", "" + domain, "/planner/command", "1", "60");
        Ros2Node perceptionRos = Ros2Node.start(new Ros2NodeSettings("perception", "/", domain));
        PlannerNode planner =
            PlannerNode.start(
                new Ros2Transport(
                    Ros2Node.start(new Ros2NodeSettings("foresight_planner", "/", domain)), true),
                cfg,
                MODEL,
                null,
                "base_link",
                new PrintWriter(out, true))) {
      servo.awaitLine("ready"::equals, WAIT);
      assertThat(out.toString())
          .contains("foresight node planner: foresight_planner plans -> /planner/command")
          .contains("ROS 2");
      Ros2Publisher<Float32MultiArray> goals =
          perceptionRos.createPublisher(
              Ros2Topic.of("/perception/latent_goal", Float32MultiArray.TYPE),
              Ros2Qos.TRANSIENT_LOCAL);
      Ros2Publisher<Float32MultiArray> latents =
          perceptionRos.createPublisher(
              Ros2Topic.of("/perception/latent", Float32MultiArray.TYPE), Ros2Qos.RELIABLE);
      assertThat(goals.awaitSubscriptions(1, WAIT)).isTrue();
      assertThat(latents.awaitSubscriptions(1, WAIT)).isTrue();

      goals.publish(Float32MultiArray.vector("goal_latent", new float[3]));
      awaitWarning("goal latent has 3 floats");
      latents.publish(Float32MultiArray.vector("latent", new float[size + 2]));
      awaitWarning("latent has " + (size + 2) + " floats");

      goals.publish(Float32MultiArray.vector("goal_latent", goalLatent));
      // A latent every 300 ms until a twist arrives: the first plans may go out before the C++
      // reader matched the planner's (volatile) command publisher.
      String twist = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (twist == null && System.nanoTime() < deadline) {
        latents.publish(Float32MultiArray.vector("latent", currentLatent));
        try {
          twist = servo.awaitLine(line -> line.startsWith("twist "), Duration.ofMillis(300));
        } catch (AssertionError notYet) {
          twist = null;
        }
      }
      assertThat(twist).as("a twist reached the C++ peer").isNotNull();
      assertThat(twist.split(" ")[3]).isEqualTo("base_link");

      List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warnings)
          .filteredOn(line -> line.startsWith("goal latent has"))
          .containsExactly("goal latent has 3 floats, expected " + size + ": ignored");
      assertThat(warnings)
          .filteredOn(line -> line.startsWith("latent has"))
          .containsExactly("latent has " + (size + 2) + " floats, expected " + size + ": ignored");
    }
  }

  private void awaitWarning(String start) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (log.list.stream().noneMatch(e -> e.getFormattedMessage().startsWith(start))) {
      assertThat(System.nanoTime() < deadline)
          .as("a warning '%s...' within %s", start, WAIT)
          .isTrue();
      Thread.sleep(10);
    }
  }

  private record Seen(ControlTick.Decision decision, int horizon, float[] predicted) {}

  /**
   * The live view's hook on the node: each plan reaches the listener with its energy, planning
   * time, the plan and the world model's predicted end-effector path, as the control tick's
   * listener gets them (the node plans from latents: the observation's frame is a placeholder).
   */
  @Test
  void eachPlanReachesTheListenerWithItsEnergyTimeAndPredictedPath() throws Exception {
    float[] goalLatent = latent(200);
    float[] currentLatent = latent(40);
    int domain = CppDdsPeer.nextDomain();
    ForesightConfig cfg = ros2Config();
    LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    try (Ros2Node perceptionRos = Ros2Node.start(new Ros2NodeSettings("perception", "/", domain));
        PlannerNode planner =
            PlannerNode.start(
                new Ros2Transport(
                    Ros2Node.start(new Ros2NodeSettings("foresight_planner", "/", domain)), true),
                cfg,
                MODEL,
                null,
                "base_link",
                new PrintWriter(new StringWriter(), true))) {
      planner.setListener(
          (decision, goal, planned, predicted) ->
              seen.add(new Seen(decision, planned.horizon(), predicted.get())));
      Ros2Publisher<Float32MultiArray> goals =
          perceptionRos.createPublisher(
              Ros2Topic.of("/perception/latent_goal", Float32MultiArray.TYPE),
              Ros2Qos.TRANSIENT_LOCAL);
      Ros2Publisher<Float32MultiArray> latents =
          perceptionRos.createPublisher(
              Ros2Topic.of("/perception/latent", Float32MultiArray.TYPE), Ros2Qos.RELIABLE);
      assertThat(goals.awaitSubscriptions(1, Duration.ofSeconds(30))).isTrue();
      assertThat(latents.awaitSubscriptions(1, Duration.ofSeconds(30))).isTrue();
      goals.publish(Float32MultiArray.vector("goal_latent", goalLatent));

      Seen first = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (first == null && System.nanoTime() < deadline) {
        latents.publish(Float32MultiArray.vector("latent", currentLatent));
        first = seen.poll(300, TimeUnit.MILLISECONDS);
      }
      assertThat(first).as("a plan reached the listener").isNotNull();
      assertThat(first.decision().energy()).isFinite();
      assertThat(first.decision().planningNanos()).isPositive();
      assertThat(first.decision().observation().frame().width()).isEqualTo(1);
      assertThat(first.horizon()).isEqualTo(LearnedPlanning.SETTINGS.horizon());
      assertThat(first.predicted()).hasSize(3 * first.horizon());
      for (float value : first.predicted()) {
        assertThat(value).isFinite().isBetween(-2f, 2f);
      }
    }
  }
}
