package dev.foresight.bridge.ros;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.ArmDriverException;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.bridge.TestSupport;
import dev.foresight.core.Action;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.tools.RosTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ROS twist driver behind a real agent on a real roscore: bridge commands come out as
 * TwistStamped messages a subscriber receives, and the watchdog's hold is a zero twist.
 */
class RosTwistArmDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static double speed(TwistStamped t) {
    var v = t.twist().linear();
    return Math.sqrt(v.x() * v.x() + v.y() * v.y() + v.z() * v.z());
  }

  @Test
  void bridgeCommandsBecomeTwistsAndTheWatchdogHoldsWithAZeroTwist(@TempDir Path work)
      throws Exception {
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode probe = RosNode.start(RosNodeSettings.of(ros.masterUri(), "probe", "127.0.0.1"))) {
      ConcurrentLinkedQueue<TwistStamped> twists = new ConcurrentLinkedQueue<>();
      var subscriber =
          probe.subscribe(
              Topic.of("/servo_server/delta_twist_cmds", TwistStamped.TYPE), twists::add);
      RosNode driverNode = RosNode.start(RosNodeSettings.of(ros.masterUri(), "agent", "127.0.0.1"));
      RosTwistArmDriver driver =
          new RosTwistArmDriver(
              driverNode,
              true,
              RosTwistArmDriver.DEFAULT_TWIST_TOPIC,
              null,
              "base_link",
              TestSupport.PROFILE,
              TestSupport.START,
              0);
      assertThat(driver.twistTopic()).isEqualTo("/servo_server/delta_twist_cmds");
      try (RobotAgent agent =
          RobotAgent.start(
              new AgentOptions(
                  TestSupport.PROFILE,
                  "127.0.0.1",
                  0,
                  "",
                  null,
                  AgentOptions.DEFAULT_STATE_RATE_HZ,
                  Duration.ofSeconds(5),
                  null),
              driver)) {
        assertThat(await(WAIT, () -> subscriber.connectedPublisherCount() == 1)).isTrue();
        // Heartbeats off: when the client stops sending, only the watchdog stops the arm.
        try (BridgeClient planner =
            BridgeClient.builder("127.0.0.1", agent.port())
                .optClientId("planner")
                .optHeartbeat(null)
                .connect()) {
          assertThat(planner.awaitWelcome(WAIT).hasControl()).isTrue();
          boolean moved =
              await(
                  WAIT,
                  () -> {
                    if (!agent.controlLoop().isArmed()) {
                      planner.rearm();
                    }
                    planner.sendDelta(new Action(0.01, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return twists.stream().anyMatch(t -> t.twist().linear().x() > 0.01);
                  });
          assertThat(moved).as("a twist toward +x arrived").isTrue();
          long tripsBefore = agent.telemetry().watchdogTrips();
          // Silence: the watchdog trips and the driver publishes a zero twist.
          assertThat(await(WAIT, () -> agent.telemetry().watchdogTrips() > tripsBefore)).isTrue();
          assertThat(
                  await(
                      WAIT,
                      () -> {
                        TwistStamped last = null;
                        for (TwistStamped t : twists) {
                          last = t;
                        }
                        return last != null && speed(last) == 0;
                      }))
              .as("the last twist after the watchdog is zero")
              .isTrue();
          int count = twists.size();
          Thread.sleep(300);
          List<TwistStamped> after = new ArrayList<>(twists).subList(count, twists.size());
          assertThat(after).allSatisfy(t -> assertThat(speed(t)).isZero());
        }
        List<TwistStamped> all = new ArrayList<>(twists);
        double limit = TestSupport.PROFILE.maxEeSpeedMps() * 1.01;
        assertThat(all)
            .allSatisfy(
                t -> {
                  assertThat(speed(t)).isLessThanOrEqualTo(limit);
                  assertThat(t.header().frameId()).isEqualTo("base_link");
                  assertThat(t.twist().linear().y()).isCloseTo(0, within(1e-9));
                });
      }
    }
  }

  @Test
  void stateFollowsTheMeasuredPoseTopicWhenOneArrives(@TempDir Path work) throws Exception {
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode probe = RosNode.start(RosNodeSettings.of(ros.masterUri(), "probe", "127.0.0.1"));
        RosNode driverNode =
            RosNode.start(RosNodeSettings.of(ros.masterUri(), "agent", "127.0.0.1"))) {
      RosTwistArmDriver driver =
          new RosTwistArmDriver(
              driverNode,
              false,
              "twist",
              "measured",
              "base",
              TestSupport.PROFILE,
              TestSupport.START,
              0.5);
      assertThatThrownBy(driver::state)
          .isInstanceOf(ArmDriverException.class)
          .hasMessage("no pose has arrived on /measured yet");
      var publisher = probe.advertise(Topic.of("/measured", PoseStamped.TYPE), true, 1);
      publisher.publish(
          new PoseStamped(
              Header.of(0, 0, "base"),
              PoseMessage.fromPose(new dev.foresight.core.Pose(0.3, 0.1, 0.2, 0, 0, 0.5))));
      assertThat(
              await(
                  WAIT,
                  () -> {
                    try {
                      return driver.state().eePoseInBase().x() == 0.3;
                    } catch (ArmDriverException e) {
                      return false; // not arrived yet
                    }
                  }))
          .isTrue();
      assertThat(driver.state().eePoseInBase().yaw()).isCloseTo(0.5, within(1e-9));
      assertThat(driver.state().gripper()).isEqualTo(0.5);
      driver.close();
    }
  }

  @Test
  void closingADriverOnASharedNodeReleasesItsTopics(@TempDir Path work) throws Exception {
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "agent", "127.0.0.1"))) {
      RosTwistArmDriver first =
          new RosTwistArmDriver(
              node, false, "twist", "measured", "base", TestSupport.PROFILE, TestSupport.START, 0);
      first.close();
      first.close();
      // A second driver on the same node takes the same topics: nothing of the first is left.
      RosTwistArmDriver second =
          new RosTwistArmDriver(
              node, false, "twist", "measured", "base", TestSupport.PROFILE, TestSupport.START, 0);
      assertThat(second.twistTopic()).isEqualTo("/twist");
      second.close();
      assertThat(node.isClosed())
          .as("a driver that does not own the node leaves it open")
          .isFalse();
    }
  }
}
