package dev.foresight.sim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Java2D view straight down at the table from a pinhole camera {@link #CAMERA_HEIGHT_METRES} above
 * it: higher things look bigger and brighter, so height is visible. Aliased drawing only, so frames
 * are identical on every machine.
 */
public final class TopDownRenderer implements Renderer {
  /** Camera height above the table, metres. */
  public static final float CAMERA_HEIGHT_METRES = 0.6f;

  /** Half width of the table area seen at table height, metres. */
  public static final float VIEW_HALF_WIDTH_METRES = 0.25f;

  private final int width;
  private final int height;
  private final BufferedImage image;
  private final int[] pixels;
  private final Graphics2D graphics;
  private final SceneParts parts;
  private final float cameraX;
  private final float cameraY;
  private final float focal;
  private final Path2D.Float path = new Path2D.Float();
  private final Ellipse2D.Float ellipse = new Ellipse2D.Float();
  private final float[] cornersU = new float[8];
  private final float[] cornersV = new float[8];
  private final float[] cornersZ = new float[8];
  private final int[] hull = new int[16];
  private final int[] face = new int[4];
  private Integer[] order = new Integer[0];
  private final float[] sortKey = new float[256];

  /** Creates a renderer for the given settings (camera must be {@code TOP_DOWN}). */
  public TopDownRenderer(RenderSettings settings) {
    this.width = settings.width();
    this.height = settings.height();
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
    parts = new SceneParts(settings);
    if (settings.jittered()) {
      SplittableRandom random = settings.jitterRandom();
      cameraX = (float) (RenderSettings.CAMERA_JITTER_METRES * (2 * random.nextDouble() - 1));
      cameraY = (float) (RenderSettings.CAMERA_JITTER_METRES * (2 * random.nextDouble() - 1));
    } else {
      cameraX = 0;
      cameraY = 0;
    }
    focal = (Math.min(width, height) / 2f) * CAMERA_HEIGHT_METRES / VIEW_HALF_WIDTH_METRES;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  private float u(float x, float z) {
    return width / 2f + focal * (x - cameraX) / (CAMERA_HEIGHT_METRES - z);
  }

  private float v(float y, float z) {
    return height / 2f - focal * (y - cameraY) / (CAMERA_HEIGHT_METRES - z);
  }

  @Override
  public void render(SimWorld world, byte[] rgbOut) {
    parts.update(world);
    int n = parts.count;
    if (order.length < n) {
      order = new Integer[n];
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
      sortKey[i] = parts.topZ(i);
    }
    // Painter's algorithm: lowest tops first; ties keep creation order (stable sort).
    java.util.Arrays.sort(order, 0, n, (a, b) -> Float.compare(sortKey[a], sortKey[b]));
    for (int k = 0; k < n; k++) {
      int p = order[k];
      float top = Math.min(sortKey[p], CAMERA_HEIGHT_METRES * 0.8f);
      // Brighter with height: factor 0.75 at the table … 1.15 at 0.2 m.
      float light = 0.75f + 2f * Math.max(0f, Math.min(0.2f, top));
      if (parts.shape[p] == Part.Shape.BOX.ordinal()) {
        drawBox(p, light);
      } else {
        float cx = parts.centre[p * 3];
        float cy = parts.centre[p * 3 + 1];
        float r = focal * parts.half[p * 3] / (CAMERA_HEIGHT_METRES - top);
        ellipse.setFrame(u(cx, top) - r, v(cy, top) - r, 2 * r, 2 * r);
        graphics.setColor(shade(parts.rgb[p], light));
        graphics.fill(ellipse);
      }
    }
    for (int i = 0, j = 0; i < width * height; i++) {
      int c = pixels[i];
      rgbOut[j++] = (byte) (c >> 16);
      rgbOut[j++] = (byte) (c >> 8);
      rgbOut[j++] = (byte) c;
    }
  }

  private void drawBox(int p, float light) {
    float[] r = parts.rotation;
    int k = p * 9;
    float hx = parts.half[p * 3];
    float hy = parts.half[p * 3 + 1];
    float hz = parts.half[p * 3 + 2];
    for (int c = 0; c < 8; c++) {
      float sx = (c & 1) == 0 ? -hx : hx;
      float sy = (c & 2) == 0 ? -hy : hy;
      float sz = (c & 4) == 0 ? -hz : hz;
      float wx = parts.centre[p * 3] + r[k] * sx + r[k + 1] * sy + r[k + 2] * sz;
      float wy = parts.centre[p * 3 + 1] + r[k + 3] * sx + r[k + 4] * sy + r[k + 5] * sz;
      float wz = parts.centre[p * 3 + 2] + r[k + 6] * sx + r[k + 7] * sy + r[k + 8] * sz;
      wz = Math.min(wz, CAMERA_HEIGHT_METRES * 0.8f);
      cornersU[c] = u(wx, wz);
      cornersV[c] = v(wy, wz);
      cornersZ[c] = wz;
    }
    // Sides: the outline of all corners, darker.
    int hullSize = convexHull();
    path.reset();
    for (int i = 0; i < hullSize; i++) {
      if (i == 0) {
        path.moveTo(cornersU[hull[i]], cornersV[hull[i]]);
      } else {
        path.lineTo(cornersU[hull[i]], cornersV[hull[i]]);
      }
    }
    path.closePath();
    graphics.setColor(shade(parts.rgb[p], light * 0.72f));
    graphics.fill(path);
    // Top: the face whose normal points most upward.
    int axis = 0;
    float best = -1;
    for (int a = 0; a < 3; a++) {
      float up = Math.abs(r[k + 6 + a]);
      if (up > best) {
        best = up;
        axis = a;
      }
    }
    int bit = 1 << axis;
    boolean positive = r[k + 6 + axis] > 0;
    int[] face = this.face;
    int f = 0;
    for (int c = 0; c < 8; c++) {
      if (((c & bit) != 0) == positive) {
        face[f++] = c;
      }
    }
    // Corner order around the face: 0, 1, 3, 2 in the face's own bit order.
    path.reset();
    path.moveTo(cornersU[face[0]], cornersV[face[0]]);
    path.lineTo(cornersU[face[1]], cornersV[face[1]]);
    path.lineTo(cornersU[face[3]], cornersV[face[3]]);
    path.lineTo(cornersU[face[2]], cornersV[face[2]]);
    path.closePath();
    graphics.setColor(shade(parts.rgb[p], light));
    graphics.fill(path);
  }

  /** Andrew's monotone chain over the 8 projected corners; returns the hull size. */
  private int convexHull() {
    int[] idx = {0, 1, 2, 3, 4, 5, 6, 7};
    // Insertion sort by (u, v): 8 elements.
    for (int i = 1; i < 8; i++) {
      int x = idx[i];
      int j = i - 1;
      while (j >= 0
          && (cornersU[idx[j]] > cornersU[x]
              || (cornersU[idx[j]] == cornersU[x] && cornersV[idx[j]] > cornersV[x]))) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = x;
    }
    int size = 0;
    for (int i = 0; i < 8; i++) {
      while (size >= 2 && cross(hull[size - 2], hull[size - 1], idx[i]) <= 0) {
        size--;
      }
      hull[size++] = idx[i];
    }
    int lower = size + 1;
    for (int i = 6; i >= 0; i--) {
      while (size >= lower && cross(hull[size - 2], hull[size - 1], idx[i]) <= 0) {
        size--;
      }
      hull[size++] = idx[i];
    }
    return size - 1;
  }

  private float cross(int o, int a, int b) {
    return (cornersU[a] - cornersU[o]) * (cornersV[b] - cornersV[o])
        - (cornersV[a] - cornersV[o]) * (cornersU[b] - cornersU[o]);
  }

  private static Color shade(int rgb, float light) {
    int r = Math.min(255, Math.round(((rgb >> 16) & 0xFF) * light));
    int g = Math.min(255, Math.round(((rgb >> 8) & 0xFF) * light));
    int b = Math.min(255, Math.round((rgb & 0xFF) * light));
    return new Color(r, g, b);
  }
}
