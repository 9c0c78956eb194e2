package dev.foresight.ros;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.tools.RosTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with the real ROS 1 tools from Debian: one roscore on a free loopback port with
 * its own ROS_HOME for this class; each test uses its own topics and stops the tools it started.
 */
class RosInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path workDir;
  private static RosTools ros;

  private RosNode node;
  private ScheduledExecutorService ticker;

  @BeforeAll
  static void startCore() throws Exception {
    String missing = RosTools.missingToolsMessage();
    assertThat(missing).as("ROS 1 tools").isNull();
    ros = RosTools.startCore(workDir, Map.of());
  }

  @AfterAll
  static void stopCore() {
    if (ros != null) {
      ros.close();
    }
  }

  @BeforeEach
  void startNode() throws Exception {
    node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "java_node", "127.0.0.1"));
    ticker = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stopNode() throws Exception {
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
    node.close();
  }

  private List<String> tool(String name, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(RosTools.ROS_BIN.resolve(name).toString());
    command.addAll(List.of(args));
    return command;
  }

  private void publishEvery(
      RosPublisher<StringMessage> publisher, long periodMillis, String prefix) {
    AtomicInteger counter = new AtomicInteger();
    ticker.scheduleAtFixedRate(
        () -> publisher.publish(new StringMessage(prefix + " " + counter.getAndIncrement())),
        0,
        periodMillis,
        TimeUnit.MILLISECONDS);
  }

  @Test
  void rostopicPubReachesOurSubscriber() throws Exception {
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    RosSubscriber<StringMessage> subscriber =
        node.subscribe(
            Topic.of("from_rostopic", StringMessage.TYPE), message -> received.add(message.data()));
    assertThat(subscriber.isRegistered()).isTrue();
    Process pub =
        ros.start(
            tool(
                "rostopic",
                "pub",
                "-r",
                "10",
                "/from_rostopic",
                "std_msgs/String",
                "data: 'hi ros'"),
            workDir.resolve("rostopic-pub.log"));
    try {
      Await.until(
          WAIT,
          () -> received.size() >= 3,
          () -> RosTools.read(workDir.resolve("rostopic-pub.log")));
      assertThat(received).allMatch("hi ros"::equals);
      assertThat(subscriber.connectedPublisherCount()).isEqualTo(1);
    } finally {
      RosTools.stop(pub);
    }
  }

  @Test
  void ourPublisherReachesRostopicEchoAndRospy() throws Exception {
    RosPublisher<StringMessage> publisher =
        node.advertise(Topic.of("to_tools", StringMessage.TYPE), false, 10);
    assertThat(publisher.isRegistered()).isTrue();
    publishEvery(publisher, 50, "hello");
    Path rospyOut = workDir.resolve("rospy-received.txt");
    Process rospy =
        ros.startPythonScript(
            "peer.py",
            List.of("string_sub", "/to_tools", "5", rospyOut.toString()),
            workDir.resolve("rospy-sub.log"));
    try {
      String echo = ros.run(tool("rostopic", "echo", "-n", "3", "/to_tools"), WAIT);
      assertThat(echo).containsPattern("data: \"hello \\d+\"");
      Await.until(
          WAIT,
          () -> Files.exists(rospyOut),
          () -> RosTools.read(workDir.resolve("rospy-sub.log")));
      List<String> lines = Files.readAllLines(rospyOut);
      assertThat(lines).hasSize(5).allMatch(line -> line.matches("hello \\d+"));
    } finally {
      RosTools.stop(rospy);
    }
  }

  @Test
  void rostopicHzSeesOurRate() throws Exception {
    RosPublisher<StringMessage> publisher =
        node.advertise(Topic.of("rate20", StringMessage.TYPE), false, 10);
    publishEvery(publisher, 50, "tick");
    Path log = workDir.resolve("rostopic-hz.log");
    Process hz = ros.start(tool("rostopic", "hz", "/rate20"), log);
    try {
      Await.until(
          WAIT,
          () -> RosTools.read(log).split("average rate").length > 3,
          () -> RosTools.read(log));
    } finally {
      RosTools.stop(hz);
    }
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("average rate: ([0-9.]+)").matcher(RosTools.read(log));
    double last = 0;
    while (matcher.find()) {
      last = Double.parseDouble(matcher.group(1));
    }
    // 20 Hz offered; a loaded machine may stretch some periods.
    assertThat(last).isBetween(12.0, 25.0);
  }

  @Test
  void rosbagRecordsOurTopicAndPlayFeedsOurSubscriber() throws Exception {
    RosPublisher<ImageMessage> publisher =
        node.advertise(Topic.of("bag_images", ImageMessage.TYPE), false, 10);
    Path bag = workDir.resolve("images.bag");
    Process record =
        ros.start(
            tool("rosbag", "record", "-l", "5", "-O", bag.toString(), "/bag_images"),
            workDir.resolve("rosbag-record.log"));
    try {
      Await.until(
          WAIT,
          () -> publisher.subscriberCount() > 0,
          () -> RosTools.read(workDir.resolve("rosbag-record.log")));
      AtomicInteger seq = new AtomicInteger();
      ticker.scheduleAtFixedRate(
          () -> {
            int n = seq.getAndIncrement();
            byte[] pixels = new byte[4 * 3 * 3];
            pixels[0] = (byte) n;
            publisher.publish(
                ImageMessage.fromImage(
                    Header.of(n, 1_000_000_000L + n, "camera"),
                    new Image(4, 3, PixelEncoding.RGB8, pixels)));
          },
          0,
          50,
          TimeUnit.MILLISECONDS);
      assertThat(record.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      RosTools.stop(record);
    }
    assertThat(bag).exists();
    String info = ros.run(tool("rosbag", "info", bag.toString()), WAIT);
    assertThat(info).contains("/bag_images").contains("sensor_msgs/Image").contains("5 msgs");

    publisher.close();
    ConcurrentLinkedQueue<ImageMessage> played = new ConcurrentLinkedQueue<>();
    node.subscribe(Topic.of("bag_images", ImageMessage.TYPE), played::add);
    ros.run(tool("rosbag", "play", "--wait-for-subscribers", bag.toString()), WAIT);
    Await.until(WAIT, () -> played.size() >= 5, () -> "played " + played.size());
    ImageMessage first = played.peek();
    assertThat(first.header().frameId()).isEqualTo("camera");
    assertThat(first.toImage().width()).isEqualTo(4);
    assertThat(first.data()[0]).isEqualTo((byte) first.header().seq());
  }

  @Test
  void rosparamValuesReachUs() throws Exception {
    ros.run(tool("rosparam", "set", "/foresight_test/gain", "2.5"), WAIT);
    assertThat(node.getParameter("/foresight_test/gain")).isEqualTo(2.5);
    AtomicReference<Object> updated = new AtomicReference<>();
    Object current =
        node.subscribeParameter("/foresight_test/gain", (key, value) -> updated.set(value));
    assertThat(current).isEqualTo(2.5);
    ros.run(tool("rosparam", "set", "/foresight_test/gain", "7"), WAIT);
    Await.until(WAIT, () -> updated.get() != null, () -> "no paramUpdate");
    assertThat(updated.get()).isEqualTo(7);
    node.setParameter("~private_value", "x");
    assertThat(ros.run(tool("rosparam", "get", "/java_node/private_value"), WAIT).strip())
        .isEqualTo("x");
  }

  @Test
  void subscriberReconnectsWhenRospyPublisherRestarts() throws Exception {
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    RosSubscriber<StringMessage> subscriber =
        node.subscribe(
            Topic.of("restarting", StringMessage.TYPE), message -> received.add(message.data()));
    Process first =
        ros.startPythonScript(
            "peer.py",
            List.of("string_pub", "/restarting", "20", "first"),
            workDir.resolve("pub1.log"));
    try {
      Await.until(
          WAIT,
          () -> received.stream().anyMatch(s -> s.startsWith("first")),
          () -> RosTools.read(workDir.resolve("pub1.log")));
    } finally {
      first.destroyForcibly(); // killed: no clean unregistration
      first.waitFor(10, TimeUnit.SECONDS);
    }
    Await.until(WAIT, () -> subscriber.connectedPublisherCount() == 0, () -> "still connected");
    Process second =
        ros.startPythonScript(
            "peer.py",
            List.of("string_pub", "/restarting", "20", "second"),
            workDir.resolve("pub2.log"));
    try {
      Await.until(
          WAIT,
          () -> received.stream().anyMatch(s -> s.startsWith("second")),
          () -> RosTools.read(workDir.resolve("pub2.log")));
      assertThat(subscriber.connectedPublisherCount()).isEqualTo(1);
    } finally {
      RosTools.stop(second);
    }
  }

  @Test
  void javaToJavaWithLatchingAndLatePublisher() throws Exception {
    try (RosNode other =
        RosNode.start(RosNodeSettings.of(ros.masterUri(), "java_other", "127.0.0.1"))) {
      // Subscriber first: the publisher arrives later through publisherUpdate.
      ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
      RosSubscriber<StringMessage> subscriber =
          other.subscribe(
              Topic.of("/latched", StringMessage.TYPE), message -> received.add(message.data()));
      assertThat(subscriber.publisherUris()).isEmpty();
      RosPublisher<StringMessage> publisher =
          node.advertise(Topic.of("latched", StringMessage.TYPE), true, 10);
      publisher.publish(new StringMessage("kept"));
      Await.until(WAIT, () -> received.contains("kept"), () -> "received " + received);
      assertThat(subscriber.publisherUris()).containsExactly(node.slaveUri());
      // A late subscriber gets the latched message too.
      ConcurrentLinkedQueue<String> late = new ConcurrentLinkedQueue<>();
      node.subscribe(Topic.of("/latched", StringMessage.TYPE), message -> late.add(message.data()));
      Await.until(WAIT, () -> late.contains("kept"), () -> "late received " + late);
      // Unadvertising removes the publisher from the subscriber's list.
      publisher.close();
      Await.until(WAIT, () -> subscriber.publisherUris().isEmpty(), () -> "still listed");
      assertThat(other.master().getSystemState().publishers()).doesNotContainKey("/latched");
    }
  }

  @Test
  void rosnodeKillShutsOurNodeDownThroughTheSlaveApi() throws Exception {
    RosNode killable = RosNode.start(RosNodeSettings.of(ros.masterUri(), "killable", "127.0.0.1"));
    try {
      killable.advertise(Topic.of("doomed", StringMessage.TYPE), false, 1);
      String output = ros.run(tool("rosnode", "kill", "/killable"), WAIT);
      assertThat(output).contains("killed");
      assertThat(killable.awaitClosed(30, TimeUnit.SECONDS)).isTrue();
      assertThat(node.master().getSystemState().publishers()).doesNotContainKey("/doomed");
    } finally {
      killable.close();
    }
  }

  @Test
  void rosnodeKillLetsTheOwnerPublishALastMessageThatRostopicReceives() throws Exception {
    RosNode agent = RosNode.start(RosNodeSettings.of(ros.masterUri(), "agent_like", "127.0.0.1"));
    try {
      RosPublisher<StringMessage> commands =
          agent.advertise(Topic.of("last_words", StringMessage.TYPE), false, 10);
      agent.onShutdown(() -> commands.publish(new StringMessage("zero twist")));
      Path echoLog = workDir.resolve("rostopic-echo-last.log");
      Process echo = ros.start(tool("rostopic", "echo", "-n", "1", "/last_words"), echoLog);
      try {
        Await.until(WAIT, () -> commands.subscriberCount() == 1, () -> RosTools.read(echoLog));
        String output = ros.run(tool("rosnode", "kill", "/agent_like"), WAIT);
        assertThat(output).contains("killed");
        assertThat(agent.awaitClosed(30, TimeUnit.SECONDS)).isTrue();
        assertThat(echo.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as("rostopic echo got one message and ended: %s", RosTools.read(echoLog))
            .isTrue();
        assertThat(RosTools.read(echoLog)).contains("data: \"zero twist\"");
        assertThat(agent.shutdownRequest())
            .hasValueSatisfying(r -> assertThat(r).contains("rosnode"));
      } finally {
        RosTools.stop(echo);
      }
    } finally {
      agent.close();
    }
  }

  @Test
  void rosnodeInfoUsesOurSlaveApi() throws Exception {
    RosPublisher<StringMessage> publisher =
        node.advertise(Topic.of("info_topic", StringMessage.TYPE), false, 10);
    assertThat(publisher.isRegistered()).isTrue();
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    node.subscribe(
        Topic.of("info_topic", StringMessage.TYPE), message -> received.add(message.data()));
    String info = ros.run(tool("rosnode", "info", "/java_node"), WAIT);
    assertThat(info)
        .contains("/info_topic [std_msgs/String]")
        .contains("Pid: " + ProcessHandle.current().pid());
    Await.until(WAIT, () -> publisher.subscriberCount() == 1, () -> "not connected to itself");
    publisher.publish(new StringMessage("counted"));
    Await.until(WAIT, () -> received.contains("counted"), () -> "received " + received);
    List<Object> slave = List.of("/test");
    assertThat(node.xmlRpcClient().callAndWait(node.slaveUri(), "getMasterUri", slave))
        .isEqualTo(List.of(1, "", ros.masterUri().toString()));
    assertThat(node.xmlRpcClient().callAndWait(node.slaveUri(), "getPublications", slave))
        .isEqualTo(List.of(1, "", List.of(List.of("/info_topic", "std_msgs/String"))));
    assertThat(node.xmlRpcClient().callAndWait(node.slaveUri(), "getSubscriptions", slave))
        .isEqualTo(List.of(1, "", List.of(List.of("/info_topic", "std_msgs/String"))));
    List<?> stats =
        (List<?>) node.xmlRpcClient().callAndWait(node.slaveUri(), "getBusStats", slave);
    List<?> publishStats = (List<?>) ((List<?>) ((List<?>) stats.get(2)).get(0)).get(0);
    assertThat(publishStats.get(0)).isEqualTo("/info_topic");
    assertThat(publishStats.get(1)).isEqualTo(1); // messages published
    List<?> busInfo =
        (List<?>)
            ((List<?>) node.xmlRpcClient().callAndWait(node.slaveUri(), "getBusInfo", slave))
                .get(2);
    assertThat(busInfo).hasSize(2); // one outgoing, one incoming connection
  }
}
