package dev.foresight.bridge.ros;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.ArmDriverContract;
import dev.foresight.bridge.TestSupport;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.tools.RosTools;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arm-driver contract on the ROS twist driver in open loop (no measured-pose topic: its state
 * is the last setpoint), over a real roscore. Every check opens its driver on the same node and
 * topic, which works only when closing a driver releases what it took of the node.
 */
class RosTwistArmDriverOpenLoopContractTest extends ArmDriverContract {
  @TempDir static Path work;
  private static RosTools ros;
  private static RosNode node;

  @BeforeAll
  static void startCore() throws Exception {
    ros = RosTools.startCore(work, Map.of());
    node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "agent", "127.0.0.1"));
  }

  @AfterAll
  static void stopCore() {
    node.close();
    ros.close();
  }

  @Override
  protected ArmDriver open() {
    return new RosTwistArmDriver(
        node,
        false,
        RosTwistArmDriver.DEFAULT_TWIST_TOPIC,
        null,
        "base_link",
        TestSupport.PROFILE,
        TestSupport.START,
        0);
  }
}
