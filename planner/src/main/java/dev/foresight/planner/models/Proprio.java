package dev.foresight.planner.models;

import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;

/** The 7-D proprioceptive vector of an arm state: x, y, z (m), roll, pitch, yaw (rad), gripper. */
final class Proprio {
  static final int SIZE = 7;

  private Proprio() {}

  /** Writes the first {@code count} proprio values (zero beyond 7) at {@code offset}. */
  static void write(ArmState state, float[] out, int offset, int count) {
    Pose pose = state.eePoseInBase();
    double[] values = {
      pose.x(), pose.y(), pose.z(), pose.roll(), pose.pitch(), pose.yaw(), state.gripper()
    };
    for (int i = 0; i < count; i++) {
      out[offset + i] = i < SIZE ? (float) values[i] : 0f;
    }
  }
}
