package dev.foresight.view;

import dev.foresight.bridge.AgentLimits;
import dev.foresight.bridge.AgentMode;
import dev.foresight.bridge.AgentState;
import dev.foresight.bridge.AgentWelcome;
import dev.foresight.config.Box;
import dev.foresight.core.Pose;
import dev.foresight.runtime.StopCauses;
import java.util.Locale;

/**
 * The state message the page draws from, as JSON text: the plots' tail, the plan, the path the plan
 * implies from the measured end effector, the workspace box and the agent's arm state. Numbers that
 * are not finite are written as {@code null}.
 */
final class StateJson {
  private StateJson() {}

  /**
   * @param tick the newest tick, or null before the first
   * @param count steps in {@code energies} and {@code planningMillis}
   * @param state the agent's latest state, or null
   * @param welcome the agent's welcome (its limits), or null
   * @param agent the agent watched ({@code host:port}), or null
   */
  static String of(
      TickRecorder.Tick tick,
      double[] energies,
      double[] planningMillis,
      int count,
      AgentState state,
      AgentWelcome welcome,
      String agent) {
    StringBuilder json = new StringBuilder(256 + count * 24);
    json.append("{\"t\":\"state\"");
    if (tick != null) {
      json.append(",\"step\":").append(tick.step());
      json.append(",\"firstStep\":").append(tick.step() - count + 1);
      array(json.append(",\"energy\":"), energies, count);
      array(json.append(",\"planningMs\":"), planningMillis, count);
      Pose ee = tick.eeInBase();
      json.append(",\"ee\":[");
      number(json, ee.x()).append(',');
      number(json, ee.y()).append(',');
      number(json, ee.z()).append(']');
      json.append(",\"gripper\":");
      number(json, tick.gripper());
      plan(json, tick, ee);
    }
    if (welcome != null) {
      AgentLimits limits = welcome.limits();
      Box box = limits.workspaceInBase();
      json.append(",\"workspace\":[");
      number(json, box.minX()).append(',');
      number(json, box.minY()).append(',');
      number(json, box.minZ()).append(',');
      number(json, box.maxX()).append(',');
      number(json, box.maxY()).append(',');
      number(json, box.maxZ()).append(']');
      json.append(",\"speedLimitMps\":");
      number(json, limits.effectiveSpeedLimitMps());
      string(json.append(",\"robot\":"), welcome.robotId());
    }
    json.append(",\"arm\":");
    if (state == null) {
      json.append("null");
    } else {
      json.append("{\"mode\":\"")
          .append(state.mode() == AgentMode.AGENT_MODE_ARMED ? "armed" : "held")
          .append('"');
      string(
          json.append(",\"stopCause\":"),
          state.stopCause() == dev.foresight.bridge.StopCause.STOP_CAUSE_NONE
                  || state.stopCause() == dev.foresight.bridge.StopCause.UNRECOGNIZED
              ? ""
              : StopCauses.name(state.stopCause()));
      string(json.append(",\"stopDetail\":"), state.stopDetail());
      json.append(",\"stops\":").append(state.stopCount());
      json.append(",\"watchdogTrips\":").append(state.watchdogTrips());
      json.append(",\"clamped\":").append(state.clampedCommands());
      json.append(",\"droppedStale\":").append(state.droppedStale());
      json.append('}');
    }
    string(json.append(",\"agent\":"), agent == null ? "" : agent);
    return json.append('}').toString();
  }

  /**
   * The plan as rows {@code [dx, dy, dz, gripper]}, the end-effector path it implies (the measured
   * position plus the running sum of the planned deltas, before the agent's limits) and, where the
   * model has them, the end-effector positions the world model predicts along it.
   */
  private static void plan(StringBuilder json, TickRecorder.Tick tick, Pose ee) {
    int size = tick.actionSize();
    int horizon = size == 0 ? 0 : tick.plan().length / size;
    json.append(",\"plan\":[");
    for (int k = 0; k < horizon; k++) {
      json.append(k == 0 ? "[" : ",[");
      for (int d = 0; d < Math.min(3, size); d++) {
        number(json, tick.plan()[k * size + d]).append(',');
      }
      number(json, size >= 7 ? tick.plan()[k * size + 6] : Double.NaN).append(']');
    }
    json.append("],\"path\":[");
    double x = ee.x();
    double y = ee.y();
    double z = ee.z();
    for (int k = 0; k < horizon && size >= 3; k++) {
      x += tick.plan()[k * size];
      y += tick.plan()[k * size + 1];
      z += tick.plan()[k * size + 2];
      json.append(k == 0 ? "[" : ",[");
      number(json, x).append(',');
      number(json, y).append(',');
      number(json, z).append(']');
    }
    json.append(']');
    float[] predicted = tick.predicted();
    if (predicted != null) {
      json.append(",\"predicted\":[");
      for (int k = 0; k + 2 < predicted.length; k += 3) {
        json.append(k == 0 ? "[" : ",[");
        number(json, predicted[k]).append(',');
        number(json, predicted[k + 1]).append(',');
        number(json, predicted[k + 2]).append(']');
      }
      json.append(']');
    }
  }

  private static void array(StringBuilder json, double[] values, int count) {
    json.append('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        json.append(',');
      }
      number(json, values[i]);
    }
    json.append(']');
  }

  private static StringBuilder number(StringBuilder json, double value) {
    // Float precision is plenty for a plot and keeps the message short.
    return Double.isFinite(value) ? json.append((float) value) : json.append("null");
  }

  /** A JSON string literal. */
  static StringBuilder string(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
