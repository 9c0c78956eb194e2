package dev.foresight.launch;

import dev.foresight.core.Image;
import dev.foresight.core.io.ImageFiles;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.perception.Goal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The goal options of {@code foresight run}: the goal image and what is known of the arm in it. */
final class GoalOptions {
  private GoalOptions() {}

  /** The goal by the goal-proprio rule: what --goal-position or --goal-proprio say is known. */
  static Goal goal(Image image, double[] position, double[] proprio) {
    if (position != null && proprio != null) {
      throw new IllegalArgumentException(
          "--goal-position and --goal-proprio both given, expected at most one of them");
    }
    if (proprio != null) {
      float[] values = new float[proprio.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) proprio[i];
      }
      return Goal.withProprio(image, values);
    }
    return position == null
        ? Goal.imageOnly(image)
        : Goal.withPosition(image, position[0], position[1], position[2]);
  }

  /**
   * {@code count} comma-separated finite numbers, or null for none.
   *
   * @throws IllegalArgumentException naming the option, the text and {@code expected}
   */
  static double[] parseValues(String option, String text, int count, String expected) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(",", -1);
    double[] values = new double[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        values[i] = Double.parseDouble(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      values = null;
    }
    if (values == null
        || values.length != count
        || !Arrays.stream(values).allMatch(Double::isFinite)) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not valid, expected " + expected);
    }
    return values;
  }

  /**
   * Reads the goal image as RGB8.
   *
   * @throws IllegalArgumentException one line naming the file and what was expected
   */
  static Image readGoal(Path file, int minWidth, int minHeight) {
    String expected =
        "expected a PNG or JPEG image of at least " + minWidth + "x" + minHeight + " pixels";
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--goal " + file + ": no such file, " + expected);
    }
    Image image;
    try {
      // Width and height are checked from the image header before any pixel is decoded.
      image = ImageFiles.readRgb(file, new ImageFiles.Limits(64L << 20, 8192, 8192L * 8192));
    } catch (ImageFiles.TooManyPixelsException e) {
      throw goalSizeError(file, e.width(), e.height(), expected);
    } catch (InvalidFileException e) {
      throw new IllegalArgumentException(
          "--goal " + file + ": " + e.problem() + ", " + expected, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--goal " + file + ": cannot read (" + e.getMessage() + "), " + expected, e);
    }
    if (image.width() < minWidth || image.height() < minHeight) {
      throw goalSizeError(file, image.width(), image.height(), expected);
    }
    return image;
  }

  private static IllegalArgumentException goalSizeError(
      Path file, int width, int height, String expected) {
    return new IllegalArgumentException(
        "--goal "
            + file
            + ": "
            + width
            + "x"
            + height
            + " pixels, "
            + expected
            + " (and at most 8192x8192)");
  }
}
