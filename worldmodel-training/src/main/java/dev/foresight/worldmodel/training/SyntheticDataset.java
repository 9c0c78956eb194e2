package dev.foresight.worldmodel.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.core.io.AtomicFiles;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a tiny planar "reach" dataset in Foresight dataset format v1 without the simulator: a red
 * square (the gripper) random-walks over a grey table, seen from above. Used by tests and to try
 * {@code foresight train} on a machine without recorded data.
 */
public final class SyntheticDataset {
  /** Half the side of the square workspace in metres. */
  public static final float WORKSPACE_HALF_SIDE_M = 0.2f;

  private static final float MAX_STEP_M = 0.03f;

  private SyntheticDataset() {}

  /**
   * Writes {@code episodes} episodes of {@code steps} steps with 64×64 frames to {@code directory}.
   *
   * @param seed episode {@code i} uses seed {@code seed + i}
   */
  public static void write(Path directory, int episodes, int steps, long seed) throws IOException {
    int size = 64;
    Files.createDirectories(directory);
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = json.createObjectNode();
    manifest.put("format", "foresight-dataset");
    manifest.put("version", 1);
    manifest.put("task", "synthetic-reach");
    manifest.put("imageWidth", size);
    manifest.put("imageHeight", size);
    manifest.put("encoding", "rgb8");
    manifest.put("controlPeriodSeconds", 0.1);
    ArrayNode list = manifest.putArray("episodes");
    for (int e = 0; e < episodes; e++) {
      SplittableRandom random = new SplittableRandom(seed + e);
      float x = uniform(random, WORKSPACE_HALF_SIDE_M * 0.8f);
      float y = uniform(random, WORKSPACE_HALF_SIDE_M * 0.8f);
      byte[] frames = new byte[(steps + 1) * size * size * 3];
      float[] actions = new float[steps * 7];
      float[] proprio = new float[(steps + 1) * 7];
      float[] taskState = new float[(steps + 1) * 3];
      for (int t = 0; t <= steps; t++) {
        render(x, y, frames, t * size * size * 3, size);
        setState(x, y, proprio, t * 7, taskState, t * 3);
        if (t < steps) {
          float dx = uniform(random, MAX_STEP_M);
          float dy = uniform(random, MAX_STEP_M);
          float nx = clamp(x + dx);
          float ny = clamp(y + dy);
          actions[t * 7] = nx - x;
          actions[t * 7 + 1] = ny - y;
          x = nx;
          y = ny;
        }
      }
      float goalX = uniform(random, WORKSPACE_HALF_SIDE_M * 0.8f);
      float goalY = uniform(random, WORKSPACE_HALF_SIDE_M * 0.8f);
      byte[] goalFrame = new byte[size * size * 3];
      render(goalX, goalY, goalFrame, 0, size);
      float[] goalProprio = new float[7];
      float[] goalTaskState = new float[3];
      setState(goalX, goalY, goalProprio, 0, goalTaskState, 0);
      Map<String, NpyArray> arrays = new LinkedHashMap<>();
      arrays.put("frames", NpyArray.ofBytes(frames, steps + 1, size, size, 3));
      arrays.put("actions", NpyArray.ofFloats(actions, steps, 7));
      arrays.put("proprio", NpyArray.ofFloats(proprio, steps + 1, 7));
      arrays.put("task_state", NpyArray.ofFloats(taskState, steps + 1, 3));
      arrays.put("goal_frame", NpyArray.ofBytes(goalFrame, size, size, 3));
      arrays.put("goal_proprio", NpyArray.ofFloats(goalProprio, 7));
      arrays.put("goal_task_state", NpyArray.ofFloats(goalTaskState, 3));
      arrays.put("success", NpyArray.ofBooleans(new boolean[] {false}));
      arrays.put("seed", NpyArray.ofLongs(new long[] {seed + e}));
      String name = String.format("episode-%06d.npz", e);
      Npz.write(directory.resolve(name), arrays);
      ObjectNode entry = list.addObject();
      entry.put("file", name);
      entry.put("seed", seed + e);
      entry.put("steps", steps);
      entry.put("policy", "random");
      entry.put("success", false);
    }
    AtomicFiles.writeString(
        directory.resolve("manifest.json"),
        json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
  }

  private static void setState(
      float x, float y, float[] proprio, int proprioOffset, float[] taskState, int stateOffset) {
    proprio[proprioOffset] = x;
    proprio[proprioOffset + 1] = y;
    proprio[proprioOffset + 2] = 0.1f;
    taskState[stateOffset] = x;
    taskState[stateOffset + 1] = y;
    taskState[stateOffset + 2] = 0.1f;
  }

  private static void render(float x, float y, byte[] out, int offset, int size) {
    float metresPerPixel = 2 * WORKSPACE_HALF_SIDE_M / size;
    float centreU = (x + WORKSPACE_HALF_SIDE_M) / metresPerPixel;
    float centreV = (WORKSPACE_HALF_SIDE_M - y) / metresPerPixel;
    for (int v = 0; v < size; v++) {
      for (int u = 0; u < size; u++) {
        int p = offset + (v * size + u) * 3;
        boolean inside = Math.abs(u + 0.5f - centreU) <= 4 && Math.abs(v + 0.5f - centreV) <= 4;
        out[p] = (byte) (inside ? 220 : 110);
        out[p + 1] = (byte) (inside ? 40 : 110 + (u / 8 + v / 8) % 2 * 10);
        out[p + 2] = (byte) (inside ? 40 : 110);
      }
    }
  }

  private static float clamp(float value) {
    return Math.max(-WORKSPACE_HALF_SIDE_M, Math.min(WORKSPACE_HALF_SIDE_M, value));
  }

  private static float uniform(SplittableRandom random, float halfRange) {
    return (float) ((random.nextDouble() * 2 - 1) * halfRange);
  }
}
