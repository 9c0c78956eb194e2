package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.ForesightConfig;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Float32Message;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.JointTrajectory;
import dev.foresight.ros.msg.MessageType;
import dev.foresight.ros.msg.MultiArrayDimension;
import dev.foresight.ros.msg.MultiArrayLayout;
import dev.foresight.ros.msg.Point;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.RosTime;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract for both {@link NodeTransport}s: every message type the nodes use arrives with every
 * field (ROS 2 headers carry no sequence number), latched topics reach late subscribers, and
 * node-local names, remappings and private names resolve alike on ROS 1 (a real roscore) and ROS 2
 * (a test DDS domain).
 */
@Timeout(180)
class NodeTransportContractTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  enum Ros {
    ONE,
    TWO
  }

  @TempDir static Path work;
  private static RosTools roscore;

  @BeforeAll
  static void startCore() throws Exception {
    roscore = RosTools.startCore(work, Map.of());
  }

  @AfterAll
  static void stopCore() {
    roscore.close();
  }

  /** A node named {@code name} with the ROS 1-style remappings {@code from:=to}. */
  private static NodeTransport open(Ros ros, String name, int domain, String... remappings)
      throws Exception {
    if (ros == Ros.ONE) {
      List<String> arguments = new java.util.ArrayList<>(List.of(remappings));
      arguments.add("__name:=" + name);
      return new Ros1Transport(
          RosNode.start(
              RosNodeEnvironment.settings(
                  NodeArguments.parse(arguments),
                  Map.of("ROS_MASTER_URI", roscore.masterUri().toString(), "ROS_IP", "127.0.0.1"),
                  ForesightConfig.DEFAULTS.ros(),
                  name)),
          true);
    }
    Map<String, String> rules = new java.util.LinkedHashMap<>();
    for (String rule : remappings) {
      String[] parts = rule.split(":=");
      rules.put(parts[0], parts[1]);
    }
    CppDdsPeer.build(); // skips where the Fast-DDS tools are missing, as the other ROS 2 tests
    return new Ros2Transport(Ros2Node.start(new Ros2NodeSettings(name, "/", domain, rules)), true);
  }

  /** Publishes {@code message} until the listener got one, then compares every field. */
  private static <T> void roundTrip(
      NodeTransport talker,
      NodeTransport listener,
      Ros ros,
      String topic,
      MessageType<T> type,
      NodeTransport.Delivery delivery,
      T message)
      throws Exception {
    BlockingQueue<T> received = new LinkedBlockingQueue<>();
    listener.subscribe(Topic.of(topic, type), delivery, received::add);
    NodeTransport.Outlet<T> outlet = talker.advertise(Topic.of(topic, type), delivery, 10);
    assertThat(outlet.topicName()).isEqualTo(topic);
    T got = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (got == null && System.nanoTime() < deadline) {
      outlet.publish(message);
      got = received.poll(200, TimeUnit.MILLISECONDS);
    }
    assertThat(got).as("%s on %s over ROS %s", type.typeName(), topic, ros).isNotNull();
    var comparison = assertThat(got).usingRecursiveComparison();
    if (ros == Ros.TWO) {
      comparison = comparison.ignoringFields("header.seq");
    }
    comparison.isEqualTo(message);
  }

  @ParameterizedTest
  @EnumSource(Ros.class)
  void everyMessageTypeOfTheNodesArrivesWithEveryField(Ros ros) throws Exception {
    int domain = CppDdsPeer.nextDomain();
    Header header = new Header(7, new RosTime(12, 345_000), "base_link");
    try (NodeTransport talker = open(ros, "talker", domain);
        NodeTransport listener = open(ros, "listener", domain)) {
      byte[] pixels = new byte[4 * 3 * 3];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) (i * 13);
      }
      roundTrip(
          talker,
          listener,
          ros,
          "/contract/image",
          ImageMessage.TYPE,
          NodeTransport.Delivery.SENSOR_DATA,
          new ImageMessage(header, 3, 4, "rgb8", (byte) 0, 12, pixels));
      roundTrip(
          talker,
          listener,
          ros,
          "/contract/latent",
          Float32MultiArray.TYPE,
          NodeTransport.Delivery.RELIABLE,
          new Float32MultiArray(
              new MultiArrayLayout(List.of(new MultiArrayDimension("latent", 3, 3)), 2),
              new float[] {0.5f, -1.25f, 3e-7f}));
      roundTrip(
          talker,
          listener,
          ros,
          "/contract/energy",
          Float32Message.TYPE,
          NodeTransport.Delivery.RELIABLE,
          new Float32Message(-2.5f));
      roundTrip(
          talker,
          listener,
          ros,
          "/contract/ee_pose",
          PoseStamped.TYPE,
          NodeTransport.Delivery.RELIABLE,
          new PoseStamped(
              header, new PoseMessage(new Point(0.4, -0.1, 0.25), new Quaternion(0, 0, 0.6, 0.8))));
      roundTrip(
          talker,
          listener,
          ros,
          "/contract/joint_states",
          JointState.TYPE,
          NodeTransport.Delivery.RELIABLE,
          new JointState(
              header,
              new String[] {"joint_1", "gripper"},
              new double[] {0.3, 0.04},
              new double[] {-0.1, 0},
              new double[0]));
      roundTrip(
          talker,
          listener,
          ros,
          "/contract/command",
          TwistStamped.TYPE,
          NodeTransport.Delivery.RELIABLE,
          new TwistStamped(header, new Twist(new Vector3(0.1, 0, -0.2), new Vector3(0, 0.3, 0))));
    }
  }

  @ParameterizedTest
  @EnumSource(Ros.class)
  void aLatchedMessageReachesALateSubscriber(Ros ros) throws Exception {
    int domain = CppDdsPeer.nextDomain();
    try (NodeTransport talker = open(ros, "goal_talker", domain)) {
      Topic<Float32MultiArray> topic = Topic.of("/contract/goal_latent", Float32MultiArray.TYPE);
      talker
          .advertise(topic, NodeTransport.Delivery.LATCHED, 1)
          .publish(Float32MultiArray.vector("goal_latent", new float[] {1, 2, 3}));
      Thread.sleep(300);
      BlockingQueue<Float32MultiArray> received = new LinkedBlockingQueue<>();
      try (NodeTransport late = open(ros, "late_listener", domain)) {
        late.subscribe(topic, NodeTransport.Delivery.LATCHED, received::add);
        Float32MultiArray got = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got).as("the latched goal latent over ROS %s", ros).isNotNull();
        assertThat(got.data()).containsExactly(1, 2, 3);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Ros.class)
  void namesRemappingsAndPrivateNamesResolveAlike(Ros ros) throws Exception {
    try (NodeTransport node = open(ros, "eyes", CppDdsPeer.nextDomain(), "image:=/cam/raw")) {
      assertThat(node.name()).endsWith("eyes");
      assertThat(node.isRemapped("image")).isTrue();
      assertThat(node.isRemapped("goal_image")).isFalse();
      assertThat(node.local("image", "camera/image_raw")).isEqualTo("image");
      assertThat(node.local("goal_image", "goal/image_raw")).isEqualTo("goal/image_raw");
      assertThat(node.resolve("image")).isEqualTo("/cam/raw");
      assertThat(node.resolve("goal/image_raw")).isEqualTo("/goal/image_raw");
      assertThat(node.resolve("~energy")).isEqualTo("/eyes/energy");
      assertThat(node.rosVersion()).isEqualTo(ros == Ros.ONE ? "ROS 1" : "ROS 2");
      if (ros == Ros.TWO) {
        assertThatThrownBy(
                () ->
                    node.advertise(
                        Topic.of("/contract/trajectory", JointTrajectory.TYPE),
                        NodeTransport.Delivery.RELIABLE,
                        1))
            .hasMessageStartingWith(
                "message type trajectory_msgs/JointTrajectory has no ROS 2 counterpart here, expected one of [");
      }
    }
  }
}
