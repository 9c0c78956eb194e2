package dev.foresight.sim;

/**
 * The push-t block's T in its body frame: a bar 100 × 25 mm and a stem 25 × 75 mm, its outline, and
 * the geometry the scripted expert pushes with (distances to the outline, places a pusher fits).
 */
final class TShape {
  private TShape() {}

  /** Centre of the bar along y, metres (the T's centre of mass at the origin). */
  static final float BAR_Y = 0.0214286f;

  /** Centre of the stem along y, metres. */
  static final float STEM_Y = BAR_Y - 0.05f;

  /** T outline in the body frame, counter-clockwise, (x, y) pairs, metres. */
  static final double[] OUTLINE = {
    -0.05, BAR_Y - 0.0125,
    -0.0125, BAR_Y - 0.0125,
    -0.0125, STEM_Y - 0.0375,
    0.0125, STEM_Y - 0.0375,
    0.0125, BAR_Y - 0.0125,
    0.05, BAR_Y - 0.0125,
    0.05, BAR_Y + 0.0125,
    -0.05, BAR_Y + 0.0125
  };

  /** Push candidates: (x, y, nx, ny) in the body frame, every ~8 mm along reachable edges. */
  static double[] buildCandidates() {
    java.util.ArrayList<double[]> list = new java.util.ArrayList<>();
    int n = OUTLINE.length / 2;
    for (int e = 0; e < n; e++) {
      double ax = OUTLINE[2 * e];
      double ay = OUTLINE[2 * e + 1];
      double bx = OUTLINE[(2 * e + 2) % OUTLINE.length];
      double by = OUTLINE[(2 * e + 3) % OUTLINE.length];
      double len = Math.hypot(bx - ax, by - ay);
      double nx = (by - ay) / len;
      double ny = -(bx - ax) / len;
      int samples = Math.max(1, (int) Math.round((len - 0.008) / 0.008));
      for (int i = 0; i <= samples; i++) {
        double t = (0.004 + (len - 0.008) * i / samples) / len;
        double x = ax + (bx - ax) * t;
        double y = ay + (by - ay) * t;
        // The pusher must fit there without touching another edge.
        double px = x + nx * 0.0135;
        double py = y + ny * 0.0135;
        if (distanceToOutline(px, py) > 0.0125 && !insideOutline(px, py)) {
          list.add(new double[] {x, y, nx, ny});
        }
      }
    }
    double[] out = new double[list.size() * 4];
    for (int i = 0; i < list.size(); i++) {
      System.arraycopy(list.get(i), 0, out, i * 4, 4);
    }
    return out;
  }

  /** Distance from a body-frame point to the T outline, metres. */
  static double distanceToOutline(double x, double y) {
    double best = Double.MAX_VALUE;
    int n = OUTLINE.length / 2;
    for (int e = 0; e < n; e++) {
      double ax = OUTLINE[2 * e];
      double ay = OUTLINE[2 * e + 1];
      double bx = OUTLINE[(2 * e + 2) % OUTLINE.length];
      double by = OUTLINE[(2 * e + 3) % OUTLINE.length];
      double dx = bx - ax;
      double dy = by - ay;
      double t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
    }
    return best;
  }

  /** True when a body-frame point lies inside the T. */
  static boolean insideOutline(double x, double y) {
    boolean inBar = Math.abs(x) <= 0.05 && Math.abs(y - BAR_Y) <= 0.0125;
    boolean inStem = Math.abs(x) <= 0.0125 && Math.abs(y - STEM_Y) <= 0.0375;
    return inBar || inStem;
  }
}
