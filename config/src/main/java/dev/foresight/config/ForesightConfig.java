package dev.foresight.config;

/**
 * The whole configuration of a Foresight process. Sections a process does not use are still
 * validated, so one file can serve the planner side and the agent side.
 */
public record ForesightConfig(
    RobotProfile robot,
    PlannerSettings planner,
    ModelSettings model,
    BridgeSettings bridge,
    RosSettings ros) {

  /** Every section at its defaults. */
  public static final ForesightConfig DEFAULTS =
      new ForesightConfig(
          RobotProfile.DEFAULTS,
          PlannerSettings.DEFAULTS,
          ModelSettings.DEFAULTS,
          BridgeSettings.DEFAULTS,
          RosSettings.DEFAULTS);

  /** Checks every section is present. */
  public ForesightConfig {
    if (robot == null || planner == null || model == null || bridge == null || ros == null) {
      throw new IllegalArgumentException("every configuration section must be given");
    }
  }
}
