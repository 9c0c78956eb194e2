package dev.foresight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageTest {

  @Test
  void acceptsMatchingByteCount() {
    Image image = new Image(4, 2, PixelEncoding.RGB8, new byte[24]);
    assertThat(image.stride()).isEqualTo(12);
  }

  @Test
  void wrongByteCountNamesExpectedAndActual() {
    assertThatThrownBy(() -> new Image(4, 2, PixelEncoding.RGB8, new byte[23]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image 4x2 rgb8 needs 24 bytes, got 23");
  }

  @Test
  void parsesRosEncodingNamesAndRejectsUnknownOnes() {
    assertThat(PixelEncoding.fromRosName("BGR8")).isEqualTo(PixelEncoding.BGR8);
    assertThat(PixelEncoding.fromRosName("mono8").bytesPerPixel()).isEqualTo(1);
    assertThatThrownBy(() -> PixelEncoding.fromRosName("yuv422"))
        .hasMessageContaining("'yuv422'")
        .hasMessageContaining("rgb8, bgr8, mono8");
  }

  @Test
  void poseDistanceAndActionDelta() {
    Pose start = new Pose(0.1, 0.2, 0.3, 0, 0, 0);
    Pose moved = start.plus(new Action(0.03, 0.04, 0, 0, 0, 0.5, 0));
    assertThat(start.distanceTo(moved)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(moved.yaw()).isEqualTo(0.5);
  }
}
