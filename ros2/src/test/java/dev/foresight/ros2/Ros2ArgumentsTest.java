package dev.foresight.ros2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.ros2.msg.Float32MultiArray;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --ros-args} as rcl reads them, and remapping applied to the names on the wire. */
@Timeout(60)
class Ros2ArgumentsTest {
  @Test
  void rosArgumentsAreSeparatedFromTheProgramsAndParsed() {
    Ros2Arguments parsed =
        Ros2Arguments.parse(
            List.of(
                "perception",
                "--config",
                "c.yaml",
                "--ros-args",
                "-r",
                "image:=/camera/color/image_raw",
                "--remap",
                "planner:latent:=/z",
                "-r",
                "__node:=vision",
                "-r",
                "__ns:=/arm",
                "-p",
                "rate_hz:=30",
                "--param",
                "rate_hz:=15",
                "--log-level",
                "debug",
                "--",
                "--verbose"));
    assertThat(parsed.programArguments())
        .containsExactly("perception", "--config", "c.yaml", "--verbose");
    assertThat(parsed.remappings())
        .containsExactly(
            Map.entry("image", "/camera/color/image_raw"), Map.entry("planner:latent", "/z"));
    assertThat(parsed.parameters()).containsExactly(Map.entry("rate_hz", "15"));
    assertThat(parsed.nodeName()).isEqualTo("vision");
    assertThat(parsed.namespace()).isEqualTo("/arm");
    assertThat(parsed.logLevel()).isEqualTo("debug");
  }

  @Test
  void malformedRosArgumentsAreOneLineNamingThem() {
    assertThatThrownBy(() -> Ros2Arguments.parse(List.of("--ros-args", "-r", "image")))
        .hasMessage("-r 'image' is not of the form name:=value");
    assertThatThrownBy(() -> Ros2Arguments.parse(List.of("--ros-args", "-p")))
        .hasMessage("-p needs a name:=value rule after it");
    assertThatThrownBy(() -> Ros2Arguments.parse(List.of("--ros-args", "--enclave", "/x")))
        .hasMessage(
            "ROS argument '--enclave' is not supported, expected -r from:=to, -p name:=value,"
                + " --log-level or --");
    assertThatThrownBy(() -> Ros2Arguments.parse(List.of("--ros-args", "-r", "a:=b c")))
        .hasMessageStartingWith("ROS 2 topic name 'b c' is invalid");
    assertThatThrownBy(() -> Ros2Arguments.parse(List.of("--ros-args", "-r", "__ns:=arm")))
        .hasMessageStartingWith("ROS 2 namespace 'arm' is invalid");
  }

  @Test
  void remappingsApplyToTheirNodeAndResolveAgainstItsNamespace() {
    Ros2Arguments parsed =
        Ros2Arguments.parse(
            List.of(
                "--ros-args",
                "-r",
                "image:=color/image_raw",
                "-r",
                "planner:latent:=/z",
                "-r",
                "perception:goal:=/goal_latent",
                "-r",
                "__ns:=/arm"));
    Ros2NodeSettings settings = parsed.applyTo(Ros2NodeSettings.of("perception").withDomainId(3));
    assertThat(settings.namespace()).isEqualTo("/arm");
    assertThat(settings.domainId()).isEqualTo(3);
    assertThat(settings.remappings())
        .containsExactly(Map.entry("image", "color/image_raw"), Map.entry("goal", "/goal_latent"));
  }

  @Test
  void aRemappedTopicIsWhatTravels() throws Exception {
    int domain = TestDomains.next();
    Ros2NodeSettings remapped =
        Ros2Arguments.parse(List.of("--ros-args", "-r", "latent:=/arm/z", "-r", "__node:=encoder"))
            .applyTo(Ros2NodeSettings.of("perception").withDomainId(domain));
    BlockingQueue<Float32MultiArray> received = new LinkedBlockingQueue<>();
    try (Ros2Node publisherNode = Ros2Node.start(remapped);
        Ros2Node subscriberNode =
            Ros2Node.start(Ros2NodeSettings.of("planner").withDomainId(domain))) {
      assertThat(publisherNode.settings().name()).isEqualTo("encoder");
      subscriberNode.createSubscriber(
          Ros2Topic.of("/arm/z", Float32MultiArray.TYPE), Ros2Qos.RELIABLE, received::add);
      Ros2Publisher<Float32MultiArray> publisher =
          publisherNode.createPublisher(
              Ros2Topic.of("latent", Float32MultiArray.TYPE), Ros2Qos.RELIABLE);
      assertThat(publisher.topic()).isEqualTo("/arm/z");
      assertThat(publisher.awaitSubscriptions(1, Duration.ofSeconds(20))).isTrue();
      publisher.publish(Float32MultiArray.vector("z", new float[] {1.5f}));
      Float32MultiArray latent = received.poll(20, TimeUnit.SECONDS);
      assertThat(latent).isNotNull();
      assertThat(latent.data()).containsExactly(1.5f);
    }
  }
}
