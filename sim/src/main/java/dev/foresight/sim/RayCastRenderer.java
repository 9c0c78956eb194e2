package dev.foresight.sim;

import java.util.SplittableRandom;

/**
 * A small pure-Java ray caster for a fixed oblique camera in front of the table: boxes, cylinders
 * and spheres, Lambert shading from one directional light plus ambient, hard shadows. Float
 * arithmetic only (no transcendental functions per pixel), so frames are bit-identical on every
 * JVM.
 */
public final class RayCastRenderer implements Renderer {
  /** Camera position in the world, metres (before jitter). */
  public static final float[] CAMERA_IN_WORLD = {0.42f, 0f, 0.40f};

  /** Point the camera looks at, metres. */
  public static final float[] LOOK_AT_IN_WORLD = {0f, 0f, 0.03f};

  /** Vertical field of view, degrees. */
  public static final double FIELD_OF_VIEW_DEGREES = 50;

  private static final float AMBIENT = 0.38f;
  private static final int BACKGROUND = 0x8C9AA8;
  private static final float[] LIGHT = normalize(0.35f, 0.45f, 1f);

  private final int width;
  private final int height;
  private final SceneParts parts;
  private final float[] origin = new float[3];
  private final float[] forward = new float[3];
  private final float[] right = new float[3];
  private final float[] up = new float[3];
  private final float tanHalf;
  private final float[] hitNormal = new float[3];
  private float hitT;
  private int hitPart;

  /** Creates a renderer for the given settings (camera must be {@code PERSPECTIVE}). */
  public RayCastRenderer(RenderSettings settings) {
    this.width = settings.width();
    this.height = settings.height();
    parts = new SceneParts(settings);
    float jx = 0;
    float jy = 0;
    float jz = 0;
    if (settings.jittered()) {
      SplittableRandom random = settings.jitterRandom();
      jx = (float) (RenderSettings.CAMERA_JITTER_METRES * (2 * random.nextDouble() - 1));
      jy = (float) (RenderSettings.CAMERA_JITTER_METRES * (2 * random.nextDouble() - 1));
      jz = (float) (RenderSettings.CAMERA_JITTER_METRES * (2 * random.nextDouble() - 1));
    }
    origin[0] = CAMERA_IN_WORLD[0] + jx;
    origin[1] = CAMERA_IN_WORLD[1] + jy;
    origin[2] = CAMERA_IN_WORLD[2] + jz;
    float[] f =
        normalize(
            LOOK_AT_IN_WORLD[0] - origin[0],
            LOOK_AT_IN_WORLD[1] - origin[1],
            LOOK_AT_IN_WORLD[2] - origin[2]);
    System.arraycopy(f, 0, forward, 0, 3);
    // right = forward x worldUp, up = right x forward
    float[] r = normalize(f[1], -f[0], 0);
    System.arraycopy(r, 0, right, 0, 3);
    up[0] = r[1] * f[2] - r[2] * f[1];
    up[1] = r[2] * f[0] - r[0] * f[2];
    up[2] = r[0] * f[1] - r[1] * f[0];
    tanHalf = (float) StrictMath.tan(Math.toRadians(FIELD_OF_VIEW_DEGREES / 2));
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void render(SimWorld world, byte[] rgbOut) {
    parts.update(world);
    float aspect = (float) width / height;
    int j = 0;
    for (int py = 0; py < height; py++) {
      float sv = (1 - 2 * (py + 0.5f) / height) * tanHalf;
      for (int px = 0; px < width; px++) {
        float su = (2 * (px + 0.5f) / width - 1) * tanHalf * aspect;
        float dx = forward[0] + su * right[0] + sv * up[0];
        float dy = forward[1] + su * right[1] + sv * up[1];
        float dz = forward[2] + su * right[2] + sv * up[2];
        float inv = 1f / (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
        dx *= inv;
        dy *= inv;
        dz *= inv;
        int colour = BACKGROUND;
        if (trace(origin[0], origin[1], origin[2], dx, dy, dz, Float.MAX_VALUE, false)) {
          int p = hitPart;
          float nx = hitNormal[0];
          float ny = hitNormal[1];
          float nz = hitNormal[2];
          float hx = origin[0] + dx * hitT + nx * 1e-4f;
          float hy = origin[1] + dy * hitT + ny * 1e-4f;
          float hz = origin[2] + dz * hitT + nz * 1e-4f;
          float lambert = nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2];
          float light = AMBIENT;
          if (lambert > 0 && !trace(hx, hy, hz, LIGHT[0], LIGHT[1], LIGHT[2], 10f, true)) {
            light += (1 - AMBIENT) * lambert;
          }
          colour = scale(parts.rgb[p], light);
        }
        rgbOut[j++] = (byte) (colour >> 16);
        rgbOut[j++] = (byte) (colour >> 8);
        rgbOut[j++] = (byte) colour;
      }
    }
  }

  /** Nearest hit along the ray up to maxT; sets hitT, hitPart, hitNormal. */
  private boolean trace(
      float ox, float oy, float oz, float dx, float dy, float dz, float maxT, boolean anyHit) {
    float best = maxT;
    int bestPart = -1;
    float bnx = 0;
    float bny = 0;
    float bnz = 0;
    float[] rot = parts.rotation;
    for (int p = 0; p < parts.count; p++) {
      int k = p * 9;
      float cx = ox - parts.centre[p * 3];
      float cy = oy - parts.centre[p * 3 + 1];
      float cz = oz - parts.centre[p * 3 + 2];
      // Bounding-sphere rejection (d is a unit vector).
      float along = -(cx * dx + cy * dy + cz * dz);
      float r = parts.radius[p];
      if (along + r < 0
          || along - r > best
          || cx * cx + cy * cy + cz * cz - along * along > r * r) {
        continue;
      }
      // Ray in the part frame: R^T (o - c), R^T d.
      boolean aligned = parts.axisAligned[p];
      float lox;
      float loy;
      float loz;
      float ldx;
      float ldy;
      float ldz;
      if (aligned) {
        lox = cx;
        loy = cy;
        loz = cz;
        ldx = dx;
        ldy = dy;
        ldz = dz;
      } else {
        lox = rot[k] * cx + rot[k + 3] * cy + rot[k + 6] * cz;
        loy = rot[k + 1] * cx + rot[k + 4] * cy + rot[k + 7] * cz;
        loz = rot[k + 2] * cx + rot[k + 5] * cy + rot[k + 8] * cz;
        ldx = rot[k] * dx + rot[k + 3] * dy + rot[k + 6] * dz;
        ldy = rot[k + 1] * dx + rot[k + 4] * dy + rot[k + 7] * dz;
        ldz = rot[k + 2] * dx + rot[k + 5] * dy + rot[k + 8] * dz;
      }
      float hx = parts.half[p * 3];
      float hy = parts.half[p * 3 + 1];
      float hz = parts.half[p * 3 + 2];
      float t;
      float lnx = 0;
      float lny = 0;
      float lnz = 0;
      int shape = parts.shape[p];
      if (shape == 0) {
        // Slab test.
        slabEnter = -Float.MAX_VALUE;
        slabExit = Float.MAX_VALUE;
        slabAxis = -1;
        slabMiss = false;
        slab(0, lox, ldx, hx);
        slab(1, loy, ldy, hy);
        slab(2, loz, ldz, hz);
        float tEnter = slabEnter;
        int axis = slabAxis;
        float sign = slabSign;
        if (slabMiss || tEnter > slabExit || tEnter <= 0 || axis < 0) {
          continue;
        }
        t = tEnter;
        if (axis == 0) {
          lnx = sign;
        } else if (axis == 1) {
          lny = sign;
        } else {
          lnz = sign;
        }
      } else if (shape == 1) {
        // Cylinder about local z: radius hx, half height hz.
        t = Float.MAX_VALUE;
        float a = ldx * ldx + ldy * ldy;
        if (a > 1e-12f) {
          float b = lox * ldx + loy * ldy;
          float c = lox * lox + loy * loy - hx * hx;
          float disc = b * b - a * c;
          if (disc >= 0) {
            float ts = (-b - (float) Math.sqrt(disc)) / a;
            float z = loz + ts * ldz;
            if (ts > 0 && z >= -hz && z <= hz) {
              t = ts;
              lnx = (lox + ts * ldx) / hx;
              lny = (loy + ts * ldy) / hx;
            }
          }
        }
        if (ldz != 0) {
          float cap = ldz < 0 ? hz : -hz;
          float tc = (cap - loz) / ldz;
          float x = lox + tc * ldx;
          float y = loy + tc * ldy;
          if (tc > 0 && tc < t && x * x + y * y <= hx * hx) {
            t = tc;
            lnx = 0;
            lny = 0;
            lnz = ldz < 0 ? 1 : -1;
          }
        }
        if (t == Float.MAX_VALUE) {
          continue;
        }
      } else {
        float b = lox * ldx + loy * ldy + loz * ldz;
        float c = lox * lox + loy * loy + loz * loz - hx * hx;
        float disc = b * b - c;
        if (disc < 0) {
          continue;
        }
        t = -b - (float) Math.sqrt(disc);
        if (t <= 0) {
          continue;
        }
        lnx = (lox + t * ldx) / hx;
        lny = (loy + t * ldy) / hx;
        lnz = (loz + t * ldz) / hx;
      }
      if (t < best) {
        if (anyHit) {
          return true;
        }
        best = t;
        bestPart = p;
        if (aligned) {
          bnx = lnx;
          bny = lny;
          bnz = lnz;
        } else {
          bnx = rot[k] * lnx + rot[k + 1] * lny + rot[k + 2] * lnz;
          bny = rot[k + 3] * lnx + rot[k + 4] * lny + rot[k + 5] * lnz;
          bnz = rot[k + 6] * lnx + rot[k + 7] * lny + rot[k + 8] * lnz;
        }
      }
    }
    if (bestPart < 0) {
      return false;
    }
    hitT = best;
    hitPart = bestPart;
    hitNormal[0] = bnx;
    hitNormal[1] = bny;
    hitNormal[2] = bnz;
    return true;
  }

  private float slabEnter;
  private float slabExit;
  private int slabAxis;
  private float slabSign;
  private boolean slabMiss;

  private void slab(int axis, float o, float d, float h) {
    if (d == 0) {
      if (o < -h || o > h) {
        slabMiss = true;
      }
      return;
    }
    float invD = 1f / d;
    float t0 = (-h - o) * invD;
    float t1 = (h - o) * invD;
    float sign = -1;
    if (t0 > t1) {
      float tmp = t0;
      t0 = t1;
      t1 = tmp;
      sign = 1;
    }
    if (t0 > slabEnter) {
      slabEnter = t0;
      slabAxis = axis;
      slabSign = sign;
    }
    if (t1 < slabExit) {
      slabExit = t1;
    }
  }

  private static int scale(int rgb, float light) {
    int r = Math.min(255, (int) (((rgb >> 16) & 0xFF) * light + 0.5f));
    int g = Math.min(255, (int) (((rgb >> 8) & 0xFF) * light + 0.5f));
    int b = Math.min(255, (int) ((rgb & 0xFF) * light + 0.5f));
    return (r << 16) | (g << 8) | b;
  }

  private static float[] normalize(float x, float y, float z) {
    float n = (float) Math.sqrt(x * x + y * y + z * z);
    return new float[] {x / n, y / n, z / n};
  }
}
