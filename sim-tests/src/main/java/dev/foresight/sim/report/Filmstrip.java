package dev.foresight.sim.report;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A row of camera frames followed by the goal image, scaled up with nearest-neighbour so small
 * 64×64 frames stay readable. At most {@code maxFrames} frames are shown, evenly spaced, always
 * including the first and the last.
 */
public final class Filmstrip {
  private static final int LABEL_HEIGHT = 16;
  private static final int GAP = 4;

  private Filmstrip() {}

  /**
   * Renders frames and the goal image side by side.
   *
   * @param frames camera frames in time order, all of one size. Not modified.
   * @param goal goal image, same size as the frames
   * @param maxFrames most frames to show, at least 2
   * @param scale integer magnification, at least 1
   */
  public static BufferedImage render(List<Image> frames, Image goal, int maxFrames, int scale) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a filmstrip needs at least one frame");
    }
    if (maxFrames < 2 || scale < 1) {
      throw new IllegalArgumentException(
          "filmstrip needs maxFrames >= 2 and scale >= 1, got " + maxFrames + " and " + scale);
    }
    int shown = Math.min(maxFrames, frames.size());
    int cellWidth = goal.width() * scale;
    int cellHeight = goal.height() * scale;
    int width = (shown + 1) * (cellWidth + GAP) + GAP;
    int height = cellHeight + LABEL_HEIGHT + 2 * GAP;
    BufferedImage strip = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = strip.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i < shown; i++) {
      int frameIndex = shown == 1 ? 0 : (int) Math.round(i * (frames.size() - 1.0) / (shown - 1));
      int x = GAP + i * (cellWidth + GAP);
      g.drawImage(toBufferedImage(frames.get(frameIndex)), x, GAP, cellWidth, cellHeight, null);
      g.setColor(Color.DARK_GRAY);
      g.drawString("t=" + frameIndex, x, GAP + cellHeight + 13);
    }
    int goalX = GAP + shown * (cellWidth + GAP);
    g.drawImage(toBufferedImage(goal), goalX, GAP, cellWidth, cellHeight, null);
    g.setColor(new Color(0x2ca02c));
    g.drawRect(goalX - 1, GAP - 1, cellWidth + 1, cellHeight + 1);
    g.drawString("goal", goalX, GAP + cellHeight + 13);
    g.dispose();
    return strip;
  }

  /** Converts a camera frame into an RGB {@link BufferedImage}. */
  public static BufferedImage toBufferedImage(Image frame) {
    BufferedImage image =
        new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
    byte[] p = frame.pixels();
    PixelEncoding encoding = frame.encoding();
    for (int y = 0; y < frame.height(); y++) {
      for (int x = 0; x < frame.width(); x++) {
        int i = (y * frame.width() + x) * encoding.bytesPerPixel();
        int r;
        int gr;
        int b;
        switch (encoding) {
          case RGB8 -> {
            r = p[i] & 0xff;
            gr = p[i + 1] & 0xff;
            b = p[i + 2] & 0xff;
          }
          case BGR8 -> {
            b = p[i] & 0xff;
            gr = p[i + 1] & 0xff;
            r = p[i + 2] & 0xff;
          }
          default -> {
            r = p[i] & 0xff;
            gr = r;
            b = r;
          }
        }
        image.setRGB(x, y, r << 16 | gr << 8 | b);
      }
    }
    return image;
  }
}
