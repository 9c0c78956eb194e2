package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Float32Message;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.sim.loop.LearnedPlanning;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The perception, planner and agent node bodies on a real roscore: camera frames in, latents,
 * commands and arm state out, commands reaching the agent over the bridge.
 */
class RosPipelineNodesTest {
  private static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());
  private static final ModelSettings MODEL =
      new ModelSettings(BUNDLE, ModelSettings.Engine.ONNXRUNTIME);

  /**
   * Defaults with a planning budget long enough that a busy machine completes every search, and a
   * watchdog of 2 s: this test is about the pipeline, and on a starved machine the client's
   * heartbeats can miss the default 100 ms (the watchdog has its own tests in robot-bridge).
   */
  private static final ForesightConfig CFG =
      new ForesightConfig(
          patientWatchdog(ForesightConfig.DEFAULTS.robot()),
          LearnedPlanning.SETTINGS,
          ForesightConfig.DEFAULTS.model(),
          ForesightConfig.DEFAULTS.bridge(),
          ForesightConfig.DEFAULTS.ros());

  private final StringWriter out = new StringWriter();

  private static RosNode node(RosTools ros, String name) throws Exception {
    return RosNode.start(RosNodeSettings.of(ros.masterUri(), name, "127.0.0.1"));
  }

  private static ImageMessage frame(int seq, int width, int height, int bytes) {
    byte[] pixels = new byte[width * height * 3];
    CameraNodeCommand.paint(pixels, width, height, seq);
    Header header = Header.of(seq, System.currentTimeMillis() * 1_000_000L, "camera_optical");
    if (bytes == pixels.length) {
      return ImageMessage.fromImage(header, new Image(width, height, PixelEncoding.RGB8, pixels));
    }
    return new ImageMessage(
        header, height, width, "rgb8", (byte) 0, width * 3, Arrays.copyOf(pixels, bytes));
  }

  private static dev.foresight.config.RobotProfile patientWatchdog(
      dev.foresight.config.RobotProfile r) {
    return new dev.foresight.config.RobotProfile(
        r.robotId(),
        r.workspaceInBase(),
        r.maxEeSpeedMps(),
        r.maxStepM(),
        r.maxRotationStepRad(),
        r.gripperMin(),
        r.gripperMax(),
        r.controlRateHz(),
        Duration.ofSeconds(2),
        r.collaborative());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  @Test
  void cameraFramesBecomeLatentsCommandsAndAgentMotion(@TempDir Path work) throws Exception {
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode agentRos = node(ros, "agent");
        RosNode perceptionRos = node(ros, "perception");
        RosNode plannerRos = node(ros, "planner");
        RosNode probe = node(ros, "probe");
        LearnedWorldModel reference =
            WorldModels.open(BUNDLE, ModelSettings.Engine.ONNXRUNTIME, 1)) {
      ConcurrentLinkedQueue<Float32MultiArray> latents = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Float32MultiArray> goalLatents = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Float32Message> latencies = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<JointState> joints = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<PoseStamped> poses = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<TwistStamped> commands = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Float32Message> energies = new ConcurrentLinkedQueue<>();
      probe.subscribe(Topic.of("/perception/latent", Float32MultiArray.TYPE), latents::add);
      probe.subscribe(
          Topic.of("/perception/latent_goal", Float32MultiArray.TYPE), goalLatents::add);
      probe.subscribe(Topic.of("/perception/latency_ms", Float32Message.TYPE), latencies::add);
      probe.subscribe(Topic.of("/joint_states", JointState.TYPE), joints::add);
      probe.subscribe(Topic.of("/ee_pose", PoseStamped.TYPE), poses::add);
      probe.subscribe(Topic.of("/planner/command", TwistStamped.TYPE), commands::add);
      probe.subscribe(Topic.of("/planner/energy", Float32Message.TYPE), energies::add);
      RosPublisher<ImageMessage> camera =
          probe.advertise(Topic.of("/camera/image_raw", ImageMessage.TYPE), false, 2);
      RosPublisher<ImageMessage> goalCamera =
          probe.advertise(Topic.of("/goal/image_raw", ImageMessage.TYPE), true, 1);

      try (AgentNode agent =
              AgentNode.start(
                  agentRos,
                  CFG,
                  "kinematic",
                  0,
                  50,
                  "base_link",
                  null,
                  new PrintWriter(out, true));
          PerceptionNode perception =
              PerceptionNode.start(perceptionRos, CFG.ros(), MODEL, 1, new PrintWriter(out, true));
          PlannerNode planner =
              PlannerNode.start(
                  plannerRos,
                  CFG,
                  MODEL,
                  new PlannerNode.BridgeTarget(agent.port(), false, null, null),
                  "base_link",
                  new PrintWriter(out, true))) {
        assertThat(out.toString())
            .contains("foresight node agent: /agent runs agent sim-arm")
            .contains("foresight node perception: /perception encodes /camera/image_raw")
            .contains("foresight node planner: /planner plans -> /planner/command");
        // The agent publishes its state; the perception node uses it as proprio.
        await(() -> !joints.isEmpty() && !poses.isEmpty(), "joint states and ee poses");
        JointState joint = joints.peek();
        assertThat(joint.name()).containsExactly("gripper");
        assertThat(joint.header().frameId()).isEqualTo("base_link");
        PoseStamped pose = poses.peek();
        assertThat(pose.pose().position().x())
            .isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        await(() -> camera.subscriberCount() == 1, "perception subscribed to the camera");
        Thread.sleep(300); // the ee pose reaches the perception node at 50 Hz

        // A frame with a wrong byte count is rejected; the next one is encoded.
        camera.publish(frame(0, 64, 48, 100));
        await(() -> perception.rejectedFrames() == 1, "bad frame rejected");
        assertThat(latents).isEmpty();
        camera.publish(frame(1, 64, 48, 64 * 48 * 3));
        await(() -> latents.size() == 1, "latent of the good frame");
        float[] latent = latents.peek().data();
        assertThat(latent).hasSize(reference.latentSize());
        // Its proprio slice is the agent's ee pose, normalised as the model expects.
        float[] proprio = new float[reference.latentSize()];
        reference.writeProprio(
            new dev.foresight.core.ArmState(
                0,
                new dev.foresight.core.Pose(
                    pose.pose().position().x(),
                    pose.pose().position().y(),
                    pose.pose().position().z(),
                    0,
                    0,
                    0),
                0),
            proprio,
            reference.imageLatentSize());
        for (int i = reference.imageLatentSize(); i < reference.imageLatentSize() + 3; i++) {
          assertThat(latent[i]).as("proprio %d", i).isCloseTo(proprio[i], within(1e-3f));
        }
        await(() -> !latencies.isEmpty(), "latency");
        assertThat(latencies.peek().data()).isPositive();

        // No goal yet: no plan. Then the goal arrives and every new latent yields a command.
        assertThat(commands).isEmpty();
        goalCamera.publish(frame(40, 64, 48, 64 * 48 * 3));
        await(() -> !goalLatents.isEmpty(), "goal latent");
        Thread.sleep(200); // the goal latent reaches the planner
        for (int seq = 2; seq < 40 && commands.size() < 3; seq++) {
          camera.publish(frame(seq, 64, 48, 64 * 48 * 3));
          Thread.sleep(100);
        }
        await(() -> commands.size() >= 3 && energies.size() >= 3, "commands and energies");
        double maxSpeed = CFG.robot().maxStepM() / 0.1 + 1e-6;
        for (TwistStamped command : commands) {
          var v = command.twist().linear();
          assertThat(Math.sqrt(v.x() * v.x() + v.y() * v.y() + v.z() * v.z()))
              .isLessThanOrEqualTo(maxSpeed);
          assertThat(command.header().frameId()).isEqualTo("base_link");
        }
        assertThat(commands.stream().anyMatch(c -> c.twist().linear().x() != 0)).isTrue();
        assertThat(energies.peek().data()).isFinite().isPositive();
        await(() -> agent.telemetry().commandsAccepted() >= 1, "commands reached the agent");

        // Someone stops the arm: without --rearm the planner leaves it held.
        try (dev.foresight.bridge.BridgeClient watcher =
            dev.foresight.bridge.BridgeClient.builder("127.0.0.1", agent.port())
                .optClientId("watcher")
                .optRequestControl(false)
                .connect()) {
          watcher.awaitWelcome(Duration.ofSeconds(20));
          assertThat(watcher.stop("test stop")).isTrue();
          await(() -> !agent.isArmed(), "the agent stopped");
          long accepted = agent.telemetry().commandsAccepted();
          for (int seq = 50; seq < 55; seq++) {
            camera.publish(frame(seq, 64, 48, 64 * 48 * 3));
            Thread.sleep(100);
          }
          assertThat(agent.isArmed()).as("the planner did not re-arm").isFalse();
          assertThat(agent.telemetry().commandsAccepted()).isEqualTo(accepted);
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Float> within(float tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }

  @Test
  void anOperatorStopLatchesDespiteRearmUntilAPlannerAcknowledgesIt(@TempDir Path work)
      throws Exception {
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode agentRos = node(ros, "agent");
        RosNode plannerRos = node(ros, "planner");
        AgentNode agent =
            AgentNode.start(
                agentRos, CFG, "kinematic", 0, 50, "base_link", null, new PrintWriter(out, true))) {
      try (PlannerNode planner =
          PlannerNode.start(
              plannerRos,
              CFG,
              MODEL,
              new PlannerNode.BridgeTarget(agent.port(), true, null, null),
              "base_link",
              new PrintWriter(out, true))) {
        await(agent::isArmed, "the planner armed the fresh agent");
        try (dev.foresight.bridge.BridgeClient watcher =
            dev.foresight.bridge.BridgeClient.builder("127.0.0.1", agent.port())
                .optClientId("watcher")
                .optRequestControl(false)
                .connect()) {
          watcher.awaitWelcome(Duration.ofSeconds(20));
          long before = agent.stopCount();
          assertThat(watcher.stop("test stop")).isTrue();
          await(() -> agent.stopCount() > before, "the stop registered");
          // --rearm re-arms after watchdog stops only: an operator's stop latches.
          Thread.sleep(1500);
          assertThat(agent.isArmed()).as("still holding after 1.5 s").isFalse();
          assertThat(agent.stopCause())
              .isEqualTo(dev.foresight.bridge.StopCause.STOP_CAUSE_CLIENT_STOP);
        }
      }
      // A planner started with --acknowledge-stop client-stop re-arms it, naming the stop.
      try (RosNode secondRos = node(ros, "planner2");
          PlannerNode planner =
              PlannerNode.start(
                  secondRos,
                  CFG,
                  MODEL,
                  new PlannerNode.BridgeTarget(
                      agent.port(),
                      false,
                      dev.foresight.runtime.StopCauses.parse("--acknowledge-stop", "client-stop"),
                      null),
                  "base_link",
                  new PrintWriter(out, true))) {
        await(agent::isArmed, "re-armed by the acknowledging planner");
      }
    }
  }

  @Test
  void rosnodeKillOnTheAgentNodeStopsTheArmWithAZeroTwistBeforeTheNodeCloses(@TempDir Path work)
      throws Exception {
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode probe = node(ros, "probe")) {
      ConcurrentLinkedQueue<TwistStamped> twists = new ConcurrentLinkedQueue<>();
      var subscriber =
          probe.subscribe(
              Topic.of("/servo_server/delta_twist_cmds", TwistStamped.TYPE), twists::add);
      RosNode agentRos = node(ros, "agent");
      try (AgentNode agent =
              AgentNode.start(
                  agentRos, CFG, "ros", 0, 50, "base_link", null, new PrintWriter(out, true));
          dev.foresight.bridge.BridgeClient planner =
              dev.foresight.bridge.BridgeClient.builder("127.0.0.1", agent.port()).connect()) {
        await(() -> subscriber.connectedPublisherCount() == 1, "twist topic connected");
        planner.awaitWelcome(Duration.ofSeconds(20));
        // Stream commands until twists toward +x arrive.
        await(
            () -> {
              if (!agent.isArmed()) {
                planner.rearm();
              }
              planner.sendDelta(
                  new dev.foresight.core.Action(0.002, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
              return twists.stream().anyMatch(t -> t.twist().linear().x() > 0);
            },
            "moving twists");
        String output =
            ros.run(
                List.of(RosTools.ROS_BIN.resolve("rosnode").toString(), "kill", "/agent"),
                Duration.ofSeconds(30));
        assertThat(output).contains("killed");
        assertThat(agentRos.awaitClosed(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await(() -> !agent.isArmed(), "the arm stopped");
        Thread.sleep(300);
        TwistStamped last = null;
        for (TwistStamped t : twists) {
          last = t;
        }
        assertThat(last).isNotNull();
        assertThat(last.twist().linear().x()).as("the last twist out is zero").isZero();
        assertThat(last.twist().angular().z()).isZero();
      } finally {
        agentRos.close();
      }
    }
  }

  @Test
  void agentCommandWithTheRosDriverPublishesTwists(@TempDir Path work) throws Exception {
    StringWriter err = new StringWriter();
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode probe = node(ros, "probe")) {
      ConcurrentLinkedQueue<TwistStamped> twists = new ConcurrentLinkedQueue<>();
      probe.subscribe(Topic.of("/arm/twist", TwistStamped.TYPE), twists::add);
      java.util.concurrent.atomic.AtomicInteger status =
          new java.util.concurrent.atomic.AtomicInteger(-1);
      Thread agent =
          new Thread(
              () ->
                  status.set(
                      ForesightCli.execute(
                          new PrintWriter(out, true),
                          new PrintWriter(err, true),
                          "agent",
                          "--driver",
                          "ros",
                          "--port",
                          "0",
                          "--ros-twist-topic",
                          "/arm/twist",
                          "__master:=" + ros.masterUri())));
      agent.start();
      java.util.regex.Pattern listening =
          java.util.regex.Pattern.compile(
              "agent sim-arm listening on 127.0.0.1:(\\d+) \\(driver ros");
      await(() -> listening.matcher(out.toString()).find() || !agent.isAlive(), "agent up");
      java.util.regex.Matcher matcher = listening.matcher(out.toString());
      assertThat(matcher.find()).as(out + " / " + err).isTrue();
      try (dev.foresight.bridge.BridgeClient client =
          dev.foresight.bridge.BridgeClient.builder("127.0.0.1", Integer.parseInt(matcher.group(1)))
              .connect()) {
        assertThat(client.awaitWelcome(Duration.ofSeconds(20)).hasControl()).isTrue();
        await(
            () -> {
              client.rearm();
              client.sendDelta(
                  new dev.foresight.core.Action(0, 0.01, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return twists.stream().anyMatch(t -> t.twist().linear().y() > 0.01);
            },
            "a twist toward +y");
      }
      agent.interrupt();
      agent.join(10_000);
      assertThat(agent.isAlive()).isFalse();
      assertThat(status.get()).as(err.toString()).isZero();
      assertThat(err.toString()).doesNotContain("unreachable");
    }
  }

  @Test
  void quaternionToRollPitchYawInvertsRosSetRpy() {
    double[] rpy = Quaternion.fromRollPitchYaw(0.3, -0.2, 1.1).toRollPitchYaw();
    assertThat(rpy[0]).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rpy[1]).isCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rpy[2]).isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-9));
  }
}
