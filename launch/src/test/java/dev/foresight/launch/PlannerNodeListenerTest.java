package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The planner node's live-view hook: each plan reaches the listener with its energy, planning time,
 * the plan and the world model's predicted end-effector path, as the control tick's listener gets
 * them (the node plans from latents, so the observation's frame is a placeholder).
 */
@Timeout(120)
class PlannerNodeListenerTest {
  private static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());

  private record Seen(ControlTick.Decision decision, int horizon, float[] predicted) {}

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
  void eachPlanReachesTheListenerWithItsEnergyTimeAndPredictedPath() throws Exception {
    float[] goalLatent;
    float[] currentLatent;
    try (LearnedWorldModel model = WorldModels.open(BUNDLE, ModelSettings.Engine.ONNXRUNTIME, 1)) {
      Perception perception = Perception.of(model);
      goalLatent = encode(perception, 200, model.latentSize());
      currentLatent = encode(perception, 40, model.latentSize());
    }
    int domain = CppDdsPeer.nextDomain();
    ForesightConfig cfg =
        new ForesightConfig(
            ForesightConfig.DEFAULTS.robot(),
            LearnedPlanning.SETTINGS,
            ForesightConfig.DEFAULTS.model(),
            ForesightConfig.DEFAULTS.bridge(),
            ForesightConfig.DEFAULTS.ros().withVersion(2));
    LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    try (Ros2Node perceptionRos = Ros2Node.start(new Ros2NodeSettings("perception", "/", domain));
        PlannerNode planner =
            PlannerNode.start(
                new Ros2Transport(
                    Ros2Node.start(new Ros2NodeSettings("foresight_planner", "/", domain)), true),
                cfg,
                new ModelSettings(BUNDLE, ModelSettings.Engine.ONNXRUNTIME),
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
