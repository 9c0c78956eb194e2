package dev.foresight.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How frames are rendered.
 *
 * @param width pixels, 16 … 224
 * @param height pixels, 16 … 224
 * @param camera which camera
 * @param jitterSeed seed of the camera-pose and colour jitter; {@link #NO_JITTER} for none
 */
public record RenderSettings(int width, int height, Camera camera, long jitterSeed) {

  /** {@link #jitterSeed} value meaning no jitter. */
  public static final long NO_JITTER = Long.MIN_VALUE;

  /** Largest camera position jitter, metres. */
  public static final double CAMERA_JITTER_METRES = 0.01;

  /** Largest relative colour change per channel under colour jitter. */
  public static final double COLOUR_JITTER = 0.12;

  /** The two cameras. */
  public enum Camera {
    /** Java2D view straight down at the table, with perspective so height shows as size. */
    TOP_DOWN,
    /** Ray-cast oblique view from the front, with shadows. */
    PERSPECTIVE,
    /** Both in one frame: top-down on the left half, perspective on the right (width even). */
    TWO_VIEW;

    /** Parses {@code top-down}, {@code perspective} or {@code two-view}. */
    public static Camera parse(String text) {
      for (Camera camera : values()) {
        if (camera.cliName().equals(text)) {
          return camera;
        }
      }
      throw new IllegalArgumentException(
          "camera '" + text + "' is unknown, expected top-down, perspective or two-view");
    }

    /** Name on the command line. */
    public String cliName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Checks the size. */
  public RenderSettings {
    if (width < 16 || width > 224 || height < 16 || height > 224) {
      throw new IllegalArgumentException(
          "image size " + width + "x" + height + " is out of range, expected 16..224 each way");
    }
    if (camera == null) {
      throw new IllegalArgumentException("camera must be given");
    }
    if (camera == Camera.TWO_VIEW && width % 2 != 0) {
      throw new IllegalArgumentException("camera two-view needs an even image width, got " + width);
    }
  }

  /** Default settings: 64x64 top-down, no jitter. */
  public static RenderSettings defaults() {
    return new RenderSettings(64, 64, Camera.TOP_DOWN, NO_JITTER);
  }

  /** The same settings with a different size. */
  public RenderSettings withSize(int newWidth, int newHeight) {
    return new RenderSettings(newWidth, newHeight, camera, jitterSeed);
  }

  /** True when jitter is on. */
  public boolean jittered() {
    return jitterSeed != NO_JITTER;
  }

  /** A seeded random source for jitter (only meaningful when {@link #jittered()}). */
  SplittableRandom jitterRandom() {
    return new SplittableRandom(jitterSeed);
  }

  /** Colour after seeded jitter: each channel scaled by a factor in [1 - J, 1 + J]. */
  static int jitterColour(int rgb, SplittableRandom random) {
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double factor = 1 + COLOUR_JITTER * (2 * random.nextDouble() - 1);
      int channel = (int) Math.round(((rgb >> shift) & 0xFF) * factor);
      out |= Math.max(0, Math.min(255, channel)) << shift;
    }
    return out;
  }
}
