package dev.foresight.ros2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ROS 2 names as rcl resolves them and rmw_fastrtps puts them on the wire. */
class Ros2NamesTest {
  @Test
  void topicsResolveAgainstTheNamespaceAndNode() {
    assertThat(Ros2Names.resolve("/", "camera", "image_raw")).isEqualTo("/image_raw");
    assertThat(Ros2Names.resolve("/arm", "camera", "image_raw")).isEqualTo("/arm/image_raw");
    assertThat(Ros2Names.resolve("/arm", "camera", "/image_raw")).isEqualTo("/image_raw");
    assertThat(Ros2Names.resolve("/arm/left", "camera", "~/info"))
        .isEqualTo("/arm/left/camera/info");
    assertThat(Ros2Names.resolve("/", "camera", "~")).isEqualTo("/camera");
  }

  @Test
  void ddsTopicsCarryTheRtPrefix() {
    assertThat(Ros2Names.ddsTopic("/servo_node/delta_twist_cmds"))
        .isEqualTo("rt/servo_node/delta_twist_cmds");
    assertThatThrownBy(() -> Ros2Names.ddsTopic("relative"))
        .hasMessage("'relative' is not a fully qualified ROS 2 topic name");
  }

  @Test
  void invalidNamesAreRefusedWithTheName() {
    for (String bad : new String[] {"", "/", "a//b", "a/", "1abc", "a b", "a__b", "~x", "/a/~"}) {
      assertThatThrownBy(() -> Ros2Names.requireTopic(bad))
          .as("topic '%s'", bad)
          .hasMessageStartingWith("ROS 2 topic name '" + bad + "' is invalid");
    }
    assertThatThrownBy(() -> Ros2Names.requireNamespace("arm"))
        .hasMessageStartingWith("ROS 2 namespace 'arm' is invalid");
    assertThatThrownBy(() -> Ros2Names.requireNodeName("a/b"))
        .hasMessageStartingWith("ROS 2 node name 'a/b' is invalid");
    assertThatThrownBy(() -> new Ros2NodeSettings("n", "/", 233))
        .hasMessage("ROS_DOMAIN_ID must be in [0, 232], got 233");
  }

  @Test
  void qosCompatibilityFollowsDdsRequestOfferedRules() {
    assertThat(Ros2Qos.RELIABLE.incompatibilityWith(Ros2Qos.SENSOR_DATA))
        .isEqualTo("the subscription requests RELIABLE, the publisher offers BEST_EFFORT");
    assertThat(Ros2Qos.SENSOR_DATA.incompatibilityWith(Ros2Qos.RELIABLE)).isNull();
    assertThat(Ros2Qos.TRANSIENT_LOCAL.incompatibilityWith(Ros2Qos.RELIABLE))
        .isEqualTo("the subscription requests TRANSIENT_LOCAL, the publisher offers VOLATILE");
    assertThat(Ros2Qos.RELIABLE.incompatibilityWith(Ros2Qos.TRANSIENT_LOCAL)).isNull();
    assertThatThrownBy(() -> Ros2Qos.RELIABLE.withDepth(0))
        .hasMessage("QoS depth must be in [1, 1000], got 0");
  }
}
