package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosSubscriber;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.tools.RosTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code foresight node …} and {@code foresight bench ros}, including {@code roslaunch foresight
 * sim.launch} starting our nodes from the ROS package in {@code launch/ros}.
 */
class RosNodeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void badNodeArgumentsAreOneLineErrors() {
    assertThat(run("node", "relay", "--type", "foo_msgs/Bar", "--duration", "0.1")).isEqualTo(1);
    assertThat(err.toString()).contains("--type foo_msgs/Bar is not supported");
    assertThat(run("node", "camera", "stray")).isEqualTo(1);
    assertThat(err.toString()).contains("unexpected argument 'stray'");
    assertThat(run("node", "camera", "__name:=a/b")).isEqualTo(1);
    assertThat(err.toString()).contains("__name:=a/b");
  }

  @Test
  void badPipelineNodeOptionsAreOneLineErrors() throws Exception {
    String master = "__master:=http://127.0.0.1:" + RosTools.freePort();
    assertThat(run("node", "perception", "--threads", "0", master)).isEqualTo(1);
    assertThat(err.toString()).contains("--threads 0 is out of range, expected 1..64");
    assertThat(run("node", "perception", "--model", "no/such/bundle", master)).isEqualTo(1);
    assertThat(err.toString())
        .contains("foresight node perception: no/such/bundle (model bundle directory not found");
    assertThat(run("node", "agent", "--driver", "warp", master)).isEqualTo(1);
    assertThat(err.toString()).contains("--driver: 'warp' is not a driver");
    assertThat(run("node", "agent", "--rate", "0", master)).isEqualTo(1);
    assertThat(err.toString()).contains("--rate 0.0 is out of range");
    assertThat(run("node", "planner", "--bridge", "--bridge-port", "0", master)).isEqualTo(1);
    assertThat(err.toString()).contains("--bridge-port 0 is out of range");
  }

  @Test
  void unreachableMasterIsReportedAndTheNodeKeepsRunning() throws Exception {
    int port = RosTools.freePort();
    long start = System.nanoTime();
    int status =
        run(
            "node",
            "camera",
            "--duration",
            "1.5",
            "--rate",
            "5",
            "__master:=http://127.0.0.1:" + port);
    assertThat(status).as(err.toString()).isZero();
    assertThat(err.toString())
        .contains("cannot advertise /camera/image_raw")
        .contains("ROS master at http://127.0.0.1:" + port + " unreachable");
    assertThat(out.toString()).contains("foresight node camera: /foresight_camera publishing");
    // It ran for its duration instead of giving up.
    assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1400));
  }

  @Test
  void roslaunchStartsOurNodesFromThePackage(@TempDir Path work) throws Exception {
    Path packages = Path.of("ros").toAbsolutePath();
    assertThat(packages.resolve("foresight/package.xml")).exists();
    // The package's executables run FORESIGHT_CLI (./foresight by default); point it at this
    // build's classes so the test needs no packaged jar.
    Path cli = work.resolve("foresight-cli");
    Files.writeString(
        cli,
        "#!/bin/sh\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -Xmx256m -Dforesight.home='"
            + Path.of("..").toAbsolutePath().normalize()
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' dev.foresight.launch.ForesightCli \"$@\"\n");
    assertThat(cli.toFile().setExecutable(true)).isTrue();
    try (RosTools ros =
        RosTools.startCore(
            work,
            Map.of("ROS_PACKAGE_PATH", packages.toString(), "FORESIGHT_CLI", cli.toString()))) {
      Process launch =
          ros.start(
              List.of(
                  RosTools.ROS_BIN.resolve("roslaunch").toString(),
                  "foresight",
                  "sim.launch",
                  "width:=64",
                  "height:=48",
                  "rate:=20",
                  "bridge_port:=" + RosTools.freePort()),
              work.resolve("roslaunch.log"));
      try (RosNode probe =
          RosNode.start(RosNodeSettings.of(ros.masterUri(), "probe", "127.0.0.1"))) {
        ConcurrentLinkedQueue<ImageMessage> images = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Float32MultiArray> latents = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<TwistStamped> commands = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<JointState> joints = new ConcurrentLinkedQueue<>();
        RosSubscriber<ImageMessage> subscriber =
            probe.subscribe(
                Topic.of("/foresight/perception/image", ImageMessage.TYPE), images::add);
        probe.subscribe(Topic.of("/perception/latent", Float32MultiArray.TYPE), latents::add);
        probe.subscribe(Topic.of("/planner/command", TwistStamped.TYPE), commands::add);
        probe.subscribe(Topic.of("/joint_states", JointState.TYPE), joints::add);
        // camera -> relay -> perception -> planner -> agent (over the bridge) -> joint states.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while ((images.size() < 3 || latents.isEmpty() || commands.isEmpty() || joints.isEmpty())
            && System.nanoTime() < deadline
            && launch.isAlive()) {
          Thread.sleep(50);
        }
        String log = RosTools.read(work.resolve("roslaunch.log"));
        assertThat(images).as(log).hasSizeGreaterThanOrEqualTo(3);
        assertThat(latents).as(log).isNotEmpty();
        assertThat(latents.peek().data()).hasSize(71);
        assertThat(commands).as(log).isNotEmpty();
        assertThat(commands.peek().header().frameId()).isEqualTo("base_link");
        assertThat(joints).as(log).isNotEmpty();
        assertThat(joints.peek().name()).contains("gripper");
        // The planner drives the agent over the bridge (its client connects in the background).
        while (!log.contains("client '/foresight_planner'")
            && System.nanoTime() < deadline
            && launch.isAlive()) {
          Thread.sleep(100);
          log = RosTools.read(work.resolve("roslaunch.log"));
        }
        assertThat(log).contains("client '/foresight_planner'").contains("holds control");
        ImageMessage image = images.peek();
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(48);
        assertThat(image.encoding()).isEqualTo("rgb8");
        assertThat(image.header().frameId()).isEqualTo("camera_optical");
        assertThat(subscriber.connectedPublisherCount()).isEqualTo(1);
        String nodes =
            ros.run(
                List.of(RosTools.ROS_BIN.resolve("rosnode").toString(), "list"),
                Duration.ofSeconds(30));
        assertThat(nodes)
            .contains(
                "/foresight_camera",
                "/foresight_camera_relay",
                "/foresight_goal_camera",
                "/foresight_perception",
                "/foresight_planner",
                "/foresight_agent");
        // roslaunch (SIGTERM) shuts its nodes down with SIGINT; our JVMs exit on their own.
        List<ProcessHandle> children = launch.descendants().toList();
        assertThat(children).isNotEmpty();
        launch.destroy();
        assertThat(launch.waitFor(40, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle child : children) {
          child.onExit().get(20, TimeUnit.SECONDS);
        }
      } finally {
        RosTools.stop(launch);
      }
    }
  }

  @Test
  void benchRosPrintsARowPerPair() {
    int status = run("bench", "ros", "--seconds", "1", "--pairs", "java-java", "--rates", "50");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("640x480 rgb8 sensor_msgs/Image")
        .containsPattern("java->java\\s+50 Hz\\s+[0-9.]+");
  }
}
