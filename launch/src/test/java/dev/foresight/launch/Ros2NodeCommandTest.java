package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.ForesightConfig;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros2.Ros2Arguments;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Topic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code foresight node …} on ROS 2: how the ROS version is chosen, {@code --ros-args} and {@code
 * ROS_DOMAIN_ID} as ROS 2 users write them, one-line errors for bad ones, the camera node
 * publishing a picture latched on a config-chosen domain, and the ROS 2 launch example.
 */
@Timeout(120)
class Ros2NodeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void badRosVersionsAndRos2ArgumentsAreOneLineErrors() {
    assertThat(run("node", "perception", "--ros-version", "3")).isEqualTo(1);
    assertThat(err.toString()).contains("--ros-version 3 is not a ROS version, expected 1 or 2");
    assertThat(run("node", "camera", "--ros-version", "1", "--ros-args", "-r", "a:=b"))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("--ros-args is ROS 2's, expected ROS 1 arguments (from:=to, __name:=)");
    assertThat(run("node", "camera", "--ros-args", "-p", "rate:=5")).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "-p rate:=5 is not a parameter of this node, expected one of [config, use_sim_time]");
    assertThat(run("node", "camera", "--ros-args", "-r", "image")).isEqualTo(1);
    assertThat(err.toString()).contains("-r 'image' is not of the form name:=value");
    assertThat(run("node", "camera", "--ros-version", "2", "image:=/x")).isEqualTo(1);
    assertThat(err.toString())
        .contains("unexpected argument 'image:=/x', expected ROS 2 arguments after --ros-args");
    assertThat(err.toString().lines().filter(line -> !line.isBlank()).count()).isEqualTo(5);
  }

  @Test
  void nodeSettingsComeFromRosArgsThenRosDomainIdThenTheConfig() {
    Ros2Arguments arguments =
        Ros2NodeEnvironment.arguments(
            List.of("--ros-args", "-r", "__node:=eyes", "-r", "__ns:=/arm", "-r", "image:=/cam"));
    var ros = ForesightConfig.DEFAULTS.ros();
    Ros2NodeSettings settings =
        Ros2NodeEnvironment.settings(arguments, Map.of("ROS_DOMAIN_ID", "17"), ros, "perception");
    assertThat(settings.name()).isEqualTo("eyes");
    assertThat(settings.namespace()).isEqualTo("/arm");
    assertThat(settings.domainId()).isEqualTo(17);
    assertThat(settings.remappings()).containsEntry("image", "/cam");
    assertThat(Ros2NodeEnvironment.settings(arguments, Map.of(), ros, "p").domainId()).isZero();
    assertThatThrownBy(
            () ->
                Ros2NodeEnvironment.settings(
                    arguments, Map.of("ROS_DOMAIN_ID", "twelve"), ros, "perception"))
        .hasMessage("ROS_DOMAIN_ID 'twelve' is not valid, expected an integer in [0, 232]");
    assertThatThrownBy(
            () ->
                Ros2NodeEnvironment.configFile(
                    Ros2NodeEnvironment.arguments(List.of("--ros-args", "-p", "config:=a.yaml")),
                    Path.of("b.yaml")))
        .hasMessage(
            "-p config:=a.yaml and --config b.yaml name different files, expected one of them");
  }

  @Test
  void theCameraNodePublishesAPictureLatchedOnTheConfiguredDomain(@TempDir Path dir)
      throws Exception {
    CppDdsPeer.build(); // skips where the Fast-DDS tools are missing, as the other ROS 2 tests
    int domain = CppDdsPeer.nextDomain();
    byte[] pixels = new byte[8 * 6 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 5);
    }
    Path picture = dir.resolve("goal.png");
    dev.foresight.sim.report.Plots.writePng(
        dev.foresight.sim.report.Filmstrip.toBufferedImage(
            new Image(8, 6, PixelEncoding.RGB8, pixels)),
        picture);
    Path config = dir.resolve("ros2.yaml");
    Files.writeString(config, "ros:\n  version: 2\n  domainId: " + domain + "\n");
    int status =
        run(
            "node",
            "camera",
            "--config",
            config.toString(),
            "--image",
            picture.toString(),
            "--rate",
            "2",
            "--duration",
            "1.5",
            "-r",
            "image:=/goal/image_raw");
    assertThat(status).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("unexpected argument '-r'");
    BlockingQueue<dev.foresight.ros2.msg.Image> received = new LinkedBlockingQueue<>();
    try (Ros2Node listener = Ros2Node.start(new Ros2NodeSettings("goal_listener", "/", domain))) {
      // Transient local: the subscription may match after the first picture went out.
      listener.createSubscriber(
          Ros2Topic.of("/goal/image_raw", dev.foresight.ros2.msg.Image.TYPE),
          Ros2Qos.TRANSIENT_LOCAL,
          received::add);
      status =
          run(
              "node",
              "camera",
              "--config",
              config.toString(),
              "--image",
              picture.toString(),
              "--rate",
              "2",
              "--duration",
              "3",
              "--ros-args",
              "-r",
              "__node:=goal_camera",
              "-r",
              "image:=/goal/image_raw");
      assertThat(status).as(err.toString()).isZero();
      var image = received.poll(10, TimeUnit.SECONDS);
      assertThat(image).as(out.toString()).isNotNull();
      assertThat(image.width()).isEqualTo(8);
      assertThat(image.height()).isEqualTo(6);
      assertThat(image.encoding()).isEqualTo("rgb8");
      assertThat(image.data()).containsExactly(pixels);
    }
    assertThat(out.toString())
        .contains("foresight node camera: goal_camera publishing /goal/image_raw (8x6 rgb8)")
        .contains("ROS 2 node goal_camera in namespace / on domain " + domain);
  }

  @Test
  void theRos2LaunchExampleIsValid() {
    assertThat(run("launch", "--check", "examples/sim-ros2-nodes.yaml"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("start order agent -> ");
    assertThat(out.toString()).endsWith("-> planner" + System.lineSeparator());
  }
}
