package dev.foresight.ros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void resolvesGlobalRelativeAndPrivateNames() {
    NameResolver names = NameResolver.of("/robot", "foresight", Map.of());
    assertThat(names.nodeName()).isEqualTo("/robot/foresight");
    assertThat(names.resolve("/abs/x")).isEqualTo("/abs/x");
    assertThat(names.resolve("camera/image_raw")).isEqualTo("/robot/camera/image_raw");
    assertThat(names.resolve("~latency")).isEqualTo("/robot/foresight/latency");
    NameResolver root = NameResolver.of("", "n", Map.of());
    assertThat(root.resolve("a")).isEqualTo("/a");
  }

  @Test
  void remapsAfterResolvingBothSides() {
    NameResolver names =
        NameResolver.of("/ns", "node", Map.of("image", "/camera/rgb", "~out", "result"));
    assertThat(names.resolve("image")).isEqualTo("/camera/rgb");
    assertThat(names.resolve("/ns/image")).isEqualTo("/camera/rgb");
    assertThat(names.resolve("~out")).isEqualTo("/ns/result");
    assertThat(names.resolve("other")).isEqualTo("/ns/other");
    assertThat(names.isRemapped("image")).isTrue();
    assertThat(names.isRemapped("other")).isFalse();
  }

  @Test
  void badNamesAreRefusedWithTheValue() {
    NameResolver names = NameResolver.of("/", "n", Map.of());
    assertThatThrownBy(() -> names.resolve("9bad"))
        .hasMessageContaining("'9bad'")
        .hasMessageContaining("not a ROS graph name");
    assertThatThrownBy(() -> Topic.of("a//b", dev.foresight.ros.msg.StringMessage.TYPE))
        .hasMessageContaining("'a//b'");
  }

  @Test
  void parsesRoslaunchArguments() {
    NodeArguments args =
        NodeArguments.parse(
            List.of(
                "--rate",
                "5",
                "image:=/camera/image_raw",
                "__name:=cam",
                "__ns:=/robot",
                "__log:=/tmp/x.log",
                "_frame_id:=optical",
                "__master:=http://127.0.0.1:11411",
                "__ip:=127.0.0.1"));
    assertThat(args.name()).contains("cam");
    assertThat(args.namespace()).contains("/robot");
    assertThat(args.masterUri()).contains(URI.create("http://127.0.0.1:11411"));
    assertThat(args.ip()).contains("127.0.0.1");
    assertThat(args.remappings()).containsExactly(Map.entry("image", "/camera/image_raw"));
    assertThat(args.privateParameters()).containsExactly(Map.entry("frame_id", "optical"));
    assertThat(args.remaining()).containsExactly("--rate", "5");
  }

  @Test
  void badArgumentsNameTheArgument() {
    assertThatThrownBy(() -> NodeArguments.parse(List.of("__name:=a/b")))
        .hasMessageContaining("__name:=a/b");
    assertThatThrownBy(() -> NodeArguments.parse(List.of("__master:=nope")))
        .hasMessageContaining("__master:=nope");
    assertThatThrownBy(() -> NodeArguments.parse(List.of("x:=1y"))).hasMessageContaining("'1y'");
  }
}
