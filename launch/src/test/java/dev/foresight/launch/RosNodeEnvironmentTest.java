package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.RosSettings;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNodeSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RosNodeEnvironmentTest {
  @Test
  void commandLineBeatsEnvironmentBeatsConfig() {
    Map<String, String> env =
        Map.of(
            "ROS_MASTER_URI", "http://127.0.0.1:12000",
            "ROS_IP", "127.0.0.5",
            "ROS_NAMESPACE", "robot");
    RosNodeSettings fromEnv =
        RosNodeEnvironment.settings(
            NodeArguments.parse(List.of()), env, RosSettings.DEFAULTS, "foresight_camera");
    assertThat(fromEnv.masterUri()).isEqualTo(URI.create("http://127.0.0.1:12000"));
    assertThat(fromEnv.advertisedHost()).isEqualTo("127.0.0.5");
    assertThat(fromEnv.names().nodeName()).isEqualTo("/robot/foresight_camera");

    RosNodeSettings fromArgs =
        RosNodeEnvironment.settings(
            NodeArguments.parse(
                List.of(
                    "__master:=http://127.0.0.1:13000",
                    "__ip:=127.0.0.9",
                    "__ns:=/arm",
                    "__name:=cam",
                    "image:=/rgb")),
            env,
            RosSettings.DEFAULTS,
            "foresight_camera");
    assertThat(fromArgs.masterUri()).isEqualTo(URI.create("http://127.0.0.1:13000"));
    assertThat(fromArgs.advertisedHost()).isEqualTo("127.0.0.9");
    assertThat(fromArgs.names().nodeName()).isEqualTo("/arm/cam");
    assertThat(fromArgs.names().resolve("image")).isEqualTo("/rgb");

    RosNodeSettings fromConfig =
        RosNodeEnvironment.settings(
            NodeArguments.parse(List.of()), Map.of(), RosSettings.DEFAULTS, "n");
    assertThat(fromConfig.masterUri()).isEqualTo(RosSettings.DEFAULTS.masterUri());
    assertThat(fromConfig.advertisedHost()).isEqualTo("127.0.0.1");
    assertThat(fromConfig.bindHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void badEnvironmentNamesTheVariable() {
    assertThatThrownBy(
            () ->
                RosNodeEnvironment.settings(
                    NodeArguments.parse(List.of()),
                    Map.of("ROS_MASTER_URI", "localhost"),
                    RosSettings.DEFAULTS,
                    "n"))
        .hasMessageContaining("ROS_MASTER_URI 'localhost'");
    assertThatThrownBy(
            () ->
                RosNodeEnvironment.settings(
                    NodeArguments.parse(List.of()),
                    Map.of("ROS_NAMESPACE", "1bad"),
                    RosSettings.DEFAULTS,
                    "n"))
        .hasMessageContaining("ROS_NAMESPACE '1bad'");
  }

  @Test
  void argumentsAreRosArgumentsOnlyAndOnlyWhereAllowed() {
    NodeArguments parsed =
        RosNodeEnvironment.arguments(
            List.of("__name:=cam", "image:=/rgb"), true, "ROS arguments like from:=to");
    assertThat(parsed.remaining()).isEmpty();
    assertThat(parsed.remappings()).containsEntry("image", "/rgb");
    assertThatThrownBy(
            () ->
                RosNodeEnvironment.arguments(
                    List.of("__name:=cam", "extra"), true, "ROS arguments like from:=to"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected argument 'extra', expected ROS arguments like from:=to");
    assertThatThrownBy(
            () ->
                RosNodeEnvironment.arguments(
                    List.of("__master:=http://127.0.0.1:11311"),
                    false,
                    "ROS arguments like __master:=URI with --frames ros only"))
        .hasMessage(
            "unexpected argument '__master:=http://127.0.0.1:11311', expected ROS arguments like"
                + " __master:=URI with --frames ros only");
    assertThat(RosNodeEnvironment.arguments(List.of(), false, "nothing").remaining()).isEmpty();
  }
}
