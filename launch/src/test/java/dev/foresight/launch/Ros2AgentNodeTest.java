package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.BridgeClient;
import dev.foresight.config.ForesightConfig;
import dev.foresight.core.Action;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent node on ROS 2 with the {@code ros} driver: the bridge commands it gets leave as {@code
 * geometry_msgs/msg/TwistStamped} on MoveIt 2 Servo's default topic, {@code
 * /servo_node/delta_twist_cmds}, where the C++ Fast-DDS peer reads them; when the node closes, the
 * last twist out is zero.
 */
@Timeout(120)
class Ros2AgentNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The six velocities of a peer line {@code twist SEC NANOSEC FRAME LX LY LZ AX AY AZ}. */
  private static double[] velocities(String line) {
    String[] fields = line.split(" ");
    double[] values = new double[6];
    for (int i = 0; i < 6; i++) {
      values[i] = Double.parseDouble(fields[4 + i]);
    }
    return values;
  }

  @Test
  void agentTwistsReachCppOnServosTopicAndTheLastOneIsZero() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    StringWriter out = new StringWriter();
    try (CppDdsPeer servo =
        CppDdsPeer.start(
            "sub-twist", "" + domain, "/servo_node/delta_twist_cmds", "100000", "60")) {
      servo.awaitLine("ready"::equals, WAIT);
      Ros2Transport transport =
          new Ros2Transport(
              Ros2Node.start(new Ros2NodeSettings("foresight_agent", "/", domain)), true);
      try (AgentNode agent =
              AgentNode.start(
                  transport,
                  new ForesightConfig(
                      ForesightConfig.DEFAULTS.robot(),
                      ForesightConfig.DEFAULTS.planner(),
                      ForesightConfig.DEFAULTS.model(),
                      ForesightConfig.DEFAULTS.bridge(),
                      ForesightConfig.DEFAULTS.ros().withVersion(2)),
                  "ros",
                  0,
                  50,
                  "base_link",
                  null,
                  new PrintWriter(out, true));
          BridgeClient planner = BridgeClient.builder("127.0.0.1", agent.port()).connect()) {
        planner.awaitWelcome(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        String moving = null;
        while (moving == null && System.nanoTime() < deadline) {
          if (!agent.isArmed()) {
            planner.rearm();
          }
          planner.sendDelta(new Action(0.002, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
          Thread.sleep(20);
          try {
            moving =
                servo.awaitLine(
                    line -> line.startsWith("twist ") && velocities(line)[0] > 0,
                    Duration.ofMillis(200));
          } catch (AssertionError notYet) {
            moving = null;
          }
        }
        assertThat(moving).as("a +x twist reached the C++ peer; agent: %s", out).isNotNull();
        assertThat(moving.split(" ")[3]).isEqualTo("base_link");
        double[] v = velocities(moving);
        assertThat(v[1]).isZero();
        assertThat(v[5]).isZero();
        assertThat(out.toString()).contains("ROS 2");
      } finally {
        transport.close();
      }
      // After the node closed: the C++ peer's last twist is a zero one (the hold on shutdown).
      String last = null;
      try {
        for (String line = servo.awaitLine(l -> l.startsWith("twist "), Duration.ofSeconds(3));
            ;
            line = servo.awaitLine(l -> l.startsWith("twist "), Duration.ofSeconds(3))) {
          last = line;
        }
      } catch (AssertionError noMore) {
        // the stream ended
      }
      assertThat(last).as("twists after the moving one").isNotNull();
      assertThat(velocities(last)).containsOnly(0.0);
    }
  }
}
