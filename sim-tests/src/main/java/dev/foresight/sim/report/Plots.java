package dev.foresight.sim.report;

import dev.foresight.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Small Java2D plots rendered to PNG, with no display needed (headless). */
public final class Plots {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 320;
  private static final int MARGIN = 48;

  private Plots() {}

  /** A line plot of {@code values} against their index (e.g. energy per control step). */
  public static BufferedImage line(String title, String xLabel, String yLabel, double[] values) {
    return line(title, xLabel, yLabel, values, 0);
  }

  /** A line plot of {@code values} against {@code firstX + index} (e.g. steps counted from 1). */
  public static BufferedImage line(
      String title, String xLabel, String yLabel, double[] values, int firstX) {
    BufferedImage image = canvas();
    Graphics2D g = graphics(image);
    double[] range = finiteRange(values);
    axes(
        g,
        title,
        xLabel,
        yLabel,
        firstX,
        firstX + Math.max(1, values.length - 1),
        range[0],
        range[1]);
    g.setColor(new Color(0x1f77b4));
    g.setStroke(new BasicStroke(2f));
    int previousX = -1;
    int previousY = -1;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        previousX = -1;
        continue;
      }
      int x = xPixel(i, 0, Math.max(1, values.length - 1));
      int y = yPixel(values[i], range[0], range[1]);
      if (previousX >= 0) {
        g.drawLine(previousX, previousY, x, y);
      }
      g.fillOval(x - 2, y - 2, 5, 5);
      previousX = x;
      previousY = y;
    }
    g.dispose();
    return image;
  }

  /** A histogram of {@code values} in {@code bins} equal-width bins. */
  public static BufferedImage histogram(String title, String xLabel, double[] values, int bins) {
    BufferedImage image = canvas();
    Graphics2D g = graphics(image);
    double[] range = finiteRange(values);
    int[] counts = new int[bins];
    int highest = 1;
    for (double value : values) {
      if (Double.isFinite(value)) {
        int bin = (int) ((value - range[0]) / (range[1] - range[0]) * bins);
        bin = Math.max(0, Math.min(bins - 1, bin));
        highest = Math.max(highest, ++counts[bin]);
      }
    }
    axes(g, title, xLabel, "count", range[0], range[1], 0, highest);
    g.setColor(new Color(0xff7f0e));
    for (int b = 0; b < bins; b++) {
      int left = xPixel(range[0] + (range[1] - range[0]) * b / bins, range[0], range[1]);
      int right = xPixel(range[0] + (range[1] - range[0]) * (b + 1) / bins, range[0], range[1]);
      int top = yPixel(counts[b], 0, highest);
      g.fillRect(left + 1, top, Math.max(1, right - left - 2), HEIGHT - MARGIN - top);
    }
    g.dispose();
    return image;
  }

  /** Writes a PNG atomically (temporary name, then rename). */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  /** Encodes a PNG as a {@code data:} URI, for self-contained HTML. */
  public static String dataUri(BufferedImage image) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(image, "png", bytes);
      return "data:image/png;base64,"
          + java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage canvas() {
    return new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    return g;
  }

  private static void axes(
      Graphics2D g,
      String title,
      String xLabel,
      String yLabel,
      double xMin,
      double xMax,
      double yMin,
      double yMax) {
    g.setColor(Color.DARK_GRAY);
    g.drawLine(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN / 2, HEIGHT - MARGIN);
    g.drawLine(MARGIN, MARGIN / 2, MARGIN, HEIGHT - MARGIN);
    g.setFont(g.getFont().deriveFont(Font.BOLD, 13f));
    g.drawString(title, WIDTH / 2 - g.getFontMetrics().stringWidth(title) / 2, 16);
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 11f));
    g.drawString(xLabel, WIDTH / 2 - 20, HEIGHT - 10);
    g.drawString(yLabel, 4, MARGIN / 2 - 4);
    g.drawString(format(xMin), MARGIN - 4, HEIGHT - MARGIN + 14);
    g.drawString(format(xMax), WIDTH - MARGIN / 2 - 24, HEIGHT - MARGIN + 14);
    g.drawString(format(yMin), 4, HEIGHT - MARGIN);
    g.drawString(format(yMax), 4, MARGIN / 2 + 10);
  }

  private static int xPixel(double x, double min, double max) {
    return MARGIN + (int) Math.round((x - min) / (max - min) * (WIDTH - 1.5 * MARGIN));
  }

  private static int yPixel(double y, double min, double max) {
    return HEIGHT - MARGIN - (int) Math.round((y - min) / (max - min) * (HEIGHT - 1.5 * MARGIN));
  }

  private static double[] finiteRange(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      if (Double.isFinite(value)) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    if (min > max) {
      return new double[] {0, 1};
    }
    if (min == max) {
      return new double[] {min - 0.5, max + 0.5};
    }
    return new double[] {min, max};
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : "%.3g", value);
  }
}
