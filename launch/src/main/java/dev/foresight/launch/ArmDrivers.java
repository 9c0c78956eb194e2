package dev.foresight.launch;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.KinematicArmDriver;
import dev.foresight.bridge.LoggingArmDriver;
import dev.foresight.bridge.ros.RosTwistArmDriver;
import dev.foresight.config.Box;
import dev.foresight.config.ForesightConfig;
import dev.foresight.core.Pose;
import dev.foresight.ros.RosNode;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arm drivers the agent commands ({@code foresight agent}, {@code foresight node agent}) choose
 * by name: every driver starts at the centre of the robot's workspace.
 */
final class ArmDrivers {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  private ArmDrivers() {}

  /**
   * Creates a driver by name; null for {@code sim}, which is hosted with its episode.
   *
   * @param ros makes the {@code ros} driver
   * @throws IllegalArgumentException for an unknown name, naming it and the known ones
   */
  static ArmDriver create(String name, ForesightConfig cfg, Supplier<ArmDriver> ros) {
    Pose centre = workspaceCentre(cfg);
    return switch (name) {
      case "kinematic" -> new KinematicArmDriver(centre, cfg.robot().gripperMin());
      case "log" -> new LoggingArmDriver(new KinematicArmDriver(centre, cfg.robot().gripperMin()));
      case "ros" -> ros.get();
      case "sim" -> null; // hosted with its episode: SimAgentHost
      default ->
          throw new IllegalArgumentException(
              "--driver: '" + name + "' is not a driver, expected kinematic, log, sim or ros");
    };
  }

  /**
   * The ROS twist driver on {@code node}, starting at the workspace centre.
   *
   * @param ownsNode whether closing the driver closes the node
   * @param poseTopic measured-pose topic, or null for open loop
   * @param baseFrame the robot base frame of twists and measured poses
   */
  static ArmDriver ros(
      RosNode node,
      boolean ownsNode,
      ForesightConfig cfg,
      String twistTopic,
      String poseTopic,
      String baseFrame) {
    RosTwistArmDriver arm =
        new RosTwistArmDriver(
            node,
            ownsNode,
            twistTopic,
            poseTopic,
            baseFrame,
            cfg.robot(),
            workspaceCentre(cfg),
            cfg.robot().gripperMin());
    LOG.info(
        "ros driver: {} publishes geometry_msgs/TwistStamped on {} ({})",
        node.name(),
        arm.twistTopic(),
        poseTopic == null
            ? "open loop: state = last setpoint"
            : "measured pose from " + node.names().resolve(poseTopic));
    return arm;
  }

  /** The centre of {@code robot.workspaceInBase}, level (m, base frame). */
  static Pose workspaceCentre(ForesightConfig cfg) {
    Box box = cfg.robot().workspaceInBase();
    return new Pose(
        (box.minX() + box.maxX()) / 2,
        (box.minY() + box.maxY()) / 2,
        (box.minZ() + box.maxZ()) / 2,
        0,
        0,
        0);
  }
}
