package dev.foresight.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cameras draw the scene, show motion, honour size limits, and jitter deterministically. */
class RenderingTest {
  private static byte[] render(Episode episode, RenderSettings settings) {
    byte[] frame = new byte[settings.width() * settings.height() * 3];
    Renderer.create(settings).render(episode.world(), frame);
    return frame;
  }

  @Test
  void bothCamerasShowTheGripperMoving() {
    for (RenderSettings.Camera camera : RenderSettings.Camera.values()) {
      RenderSettings settings = new RenderSettings(64, 48, camera, RenderSettings.NO_JITTER);
      try (Episode episode = new Episode(Tasks.byName("pick-place"), 3, settings)) {
        byte[] before = render(episode, settings);
        assertThat(distinctColours(before)).as(camera.name()).isGreaterThan(4);
        for (int i = 0; i < 5; i++) {
          episode.step(new dev.foresight.core.Action(0.03, 0.03, 0, 0, 0, 0, 0));
        }
        byte[] after = render(episode, settings);
        assertThat(after).as(camera.name()).isNotEqualTo(before);
        assertThat(episode.goalFrame()).as(camera.name()).isNotEqualTo(after);
      }
    }
  }

  @Test
  void twoViewIsTheTopDownAndTheObliqueViewSideBySideAtHalfWidth() {
    RenderSettings two = new RenderSettings(64, 48, RenderSettings.Camera.TWO_VIEW, 0);
    try (Episode episode = new Episode(Tasks.byName("reach"), 4, two)) {
      byte[] both = render(episode, two);
      byte[] top = render(episode, new RenderSettings(64, 48, RenderSettings.Camera.TOP_DOWN, 0));
      byte[] oblique =
          render(episode, new RenderSettings(64, 48, RenderSettings.Camera.PERSPECTIVE, 0));
      for (int row = 0; row < 48; row++) {
        for (int column = 0; column < 32; column++) {
          for (int channel = 0; channel < 3; channel++) {
            int a = (row * 64 + 2 * column) * 3 + channel;
            assertThat(both[(row * 64 + column) * 3 + channel] & 0xFF)
                .isEqualTo(((top[a] & 0xFF) + (top[a + 3] & 0xFF) + 1) / 2);
            assertThat(both[(row * 64 + 32 + column) * 3 + channel] & 0xFF)
                .isEqualTo(((oblique[a] & 0xFF) + (oblique[a + 3] & 0xFF) + 1) / 2);
          }
        }
      }
    }
    assertThatThrownBy(
            () ->
                new RenderSettings(
                    33, 32, RenderSettings.Camera.TWO_VIEW, RenderSettings.NO_JITTER))
        .hasMessage("camera two-view needs an even image width, got 33");
  }

  @Test
  void largestSizeRendersAndLargerIsRejected() {
    RenderSettings big = new RenderSettings(224, 224, RenderSettings.Camera.PERSPECTIVE, 1);
    try (Episode episode = new Episode(Tasks.byName("push-t"), 3, big)) {
      assertThat(episode.goalFrame()).hasSize(224 * 224 * 3);
    }
    assertThatThrownBy(() -> new RenderSettings(225, 64, RenderSettings.Camera.TOP_DOWN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image size 225x64 is out of range, expected 16..224 each way");
    assertThatThrownBy(() -> RenderSettings.Camera.parse("fisheye"))
        .hasMessage("camera 'fisheye' is unknown, expected top-down, perspective or two-view");
  }

  @Test
  void jitterIsSeededAndChangesTheImage() {
    for (RenderSettings.Camera camera : RenderSettings.Camera.values()) {
      try (Episode episode =
          new Episode(Tasks.byName("reach"), 3, RenderSettings.defaults().withSize(32, 32))) {
        byte[] plain =
            render(episode, new RenderSettings(32, 32, camera, RenderSettings.NO_JITTER));
        byte[] jitterA = render(episode, new RenderSettings(32, 32, camera, 5));
        byte[] jitterB = render(episode, new RenderSettings(32, 32, camera, 5));
        byte[] jitterC = render(episode, new RenderSettings(32, 32, camera, 6));
        assertThat(jitterA).as(camera.name()).isNotEqualTo(plain).isEqualTo(jitterB);
        assertThat(jitterC).as(camera.name()).isNotEqualTo(jitterA);
      }
    }
  }

  private static int distinctColours(byte[] rgb) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int i = 0; i < rgb.length; i += 3) {
      colours.add(((rgb[i] & 0xFF) << 16) | ((rgb[i + 1] & 0xFF) << 8) | (rgb[i + 2] & 0xFF));
    }
    return colours.size();
  }
}
