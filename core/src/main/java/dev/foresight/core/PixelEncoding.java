package dev.foresight.core;

import java.util.Locale;

/** Pixel layouts of raw camera frames, named as in {@code sensor_msgs/Image}. */
public enum PixelEncoding {
  /** Three bytes per pixel, red first. */
  RGB8("rgb8", 3),
  /** Three bytes per pixel, blue first. */
  BGR8("bgr8", 3),
  /** One byte per pixel, grey level. */
  MONO8("mono8", 1);

  private final String rosName;
  private final int bytesPerPixel;

  PixelEncoding(String rosName, int bytesPerPixel) {
    this.rosName = rosName;
    this.bytesPerPixel = bytesPerPixel;
  }

  /** The encoding string used by ROS, e.g. {@code rgb8}. */
  public String rosName() {
    return rosName;
  }

  /** Bytes each pixel occupies. */
  public int bytesPerPixel() {
    return bytesPerPixel;
  }

  /**
   * Parses a ROS encoding name.
   *
   * @throws IllegalArgumentException naming the value and the supported encodings
   */
  public static PixelEncoding fromRosName(String name) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    for (PixelEncoding encoding : values()) {
      if (encoding.rosName.equals(lower)) {
        return encoding;
      }
    }
    throw new IllegalArgumentException(
        "image encoding '" + name + "' is not supported, expected one of rgb8, bgr8, mono8");
  }
}
