package dev.foresight.ros2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.ros2.msg.CompressedImage;
import dev.foresight.ros2.msg.Float32;
import dev.foresight.ros2.msg.Float32MultiArray;
import dev.foresight.ros2.msg.Header;
import dev.foresight.ros2.msg.Image;
import dev.foresight.ros2.msg.JointState;
import dev.foresight.ros2.msg.MultiArrayDimension;
import dev.foresight.ros2.msg.Point;
import dev.foresight.ros2.msg.PoseStamped;
import dev.foresight.ros2.msg.Quaternion;
import dev.foresight.ros2.msg.StringMessage;
import dev.foresight.ros2.msg.Time;
import dev.foresight.ros2.msg.TwistStamped;
import dev.foresight.ros2.msg.Vector3;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interoperability with a non-Java DDS peer: a C++ program built from ROS 2's message IDL against
 * Debian's Fast-DDS 2.9 (the middleware under ROS 2's default rmw) exchanges images, twists and
 * float arrays with Foresight's ROS 2 nodes over loopback UDP.
 */
@Timeout(60)
class FastDdsInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @BeforeAll
  static void buildPeer() throws Exception {
    FastDdsPeer.build();
  }

  /** The pixel pattern the C++ peer writes into image {@code seq}. */
  private static byte[] expectedPixels(int width, int height, int seq) {
    byte[] data = new byte[width * height * 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + seq * 7);
    }
    return data;
  }

  private static void assertImageFromPeer(Image image, int width, int height) {
    int seq = image.header().stamp().sec();
    assertThat(image.header().stamp().nanosec()).isEqualTo(500);
    assertThat(image.header().frameId()).isEqualTo("camera");
    assertThat(image.width()).isEqualTo(width);
    assertThat(image.height()).isEqualTo(height);
    assertThat(image.encoding()).isEqualTo("rgb8");
    assertThat(image.step()).isEqualTo(width * 3);
    assertThat(image.isBigendian()).isZero();
    assertThat(image.data())
        .as("pixels of image %d", seq)
        .isEqualTo(expectedPixels(width, height, seq));
  }

  @Test
  void cppImagesReachAJavaSensorDataSubscriptionByteForByte() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Image> images = new LinkedBlockingQueue<>();
    try (Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("perception").withDomainId(domain))) {
      Ros2Subscriber<Image> subscriber =
          node.createSubscriber(
              Ros2Topic.of("/camera/image_raw", Image.TYPE), Ros2Qos.SENSOR_DATA, images::add);
      try (FastDdsPeer peer =
          FastDdsPeer.start(
              "pub-image",
              "" + domain,
              "/camera/image_raw",
              "64",
              "48",
              "40",
              "50",
              "best_effort")) {
        peer.awaitLine(line -> line.startsWith("published"), WAIT);
        assertThat(peer.awaitExit(WAIT)).isTrue();
      }
      // Best effort on loopback: most of these small images arrive (under load some may not);
      // every one that does is byte-equal.
      assertThat(images).hasSizeGreaterThanOrEqualTo(20);
      for (Image image : images) {
        assertImageFromPeer(image, 64, 48);
      }
      assertThat(subscriber.malformed()).isZero();
    }
  }

  @Test
  void aFullVgaImageFromCppArrivesWhole() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Image> images = new LinkedBlockingQueue<>();
    try (Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("perception").withDomainId(domain))) {
      // A 921,600-byte image: reliable QoS, as large samples over default UDP need.
      node.createSubscriber(
          Ros2Topic.of("/camera/image_raw", Image.TYPE), Ros2Qos.RELIABLE, images::add);
      try (FastDdsPeer peer =
          FastDdsPeer.start(
              "pub-image", "" + domain, "/camera/image_raw", "640", "480", "3", "5", "reliable")) {
        peer.awaitLine(line -> line.startsWith("published"), WAIT);
        Await.until(WAIT, () -> images.size() == 3, () -> images.size() + " of 3 images");
      }
      for (Image image : images) {
        assertImageFromPeer(image, 640, 480);
      }
    }
  }

  @Test
  void aVgaStreamFromCppReachesASensorDataSubscription() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Image> images = new LinkedBlockingQueue<>();
    try (Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("perception").withDomainId(domain))) {
      // Best effort, as a camera driver publishes: with socket buffers that hold a whole image
      // on both ends, nearly every frame arrives (FACTS: 1 of 90 with default buffers).
      Ros2Subscriber<Image> subscriber =
          node.createSubscriber(
              Ros2Topic.of("/camera/image_raw", Image.TYPE), Ros2Qos.SENSOR_DATA, images::add);
      try (FastDdsPeer peer =
          FastDdsPeer.start(
              "pub-image",
              "" + domain,
              "/camera/image_raw",
              "640",
              "480",
              "30",
              "30",
              "best_effort")) {
        peer.awaitLine(line -> line.startsWith("published"), WAIT);
        assertThat(peer.awaitExit(WAIT)).isTrue();
      }
      assertThat(images).as("VGA frames of 30 received").hasSizeGreaterThanOrEqualTo(15);
      for (Image image : images) {
        assertImageFromPeer(image, 640, 480);
      }
      assertThat(subscriber.malformed()).isZero();
    }
  }

  @Test
  void javaTwistsReachCppWithEveryValue() throws Exception {
    int domain = TestDomains.next();
    try (FastDdsPeer peer =
            FastDdsPeer.start("sub-twist", "" + domain, "/servo_node/delta_twist_cmds", "3", "30");
        Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("agent").withDomainId(domain))) {
      peer.awaitLine("ready"::equals, WAIT);
      Ros2Publisher<TwistStamped> publisher =
          node.createPublisher(
              Ros2Topic.of("/servo_node/delta_twist_cmds", TwistStamped.TYPE), Ros2Qos.RELIABLE);
      assertThat(publisher.awaitSubscriptions(1, WAIT)).isTrue();
      for (int i = 0; i < 3; i++) {
        publisher.publish(
            new TwistStamped(
                new Header(
                    new dev.foresight.ros2.msg.Time(1_700_000_000 + i, 123_456_789), "panda_link0"),
                new Vector3(0.1 * (i + 1), -0.25, 1e-9),
                new Vector3(Math.PI, -Math.E, i)));
      }
      for (int i = 0; i < 3; i++) {
        String line = peer.awaitLine(text -> text.startsWith("twist "), WAIT);
        String[] fields = line.split(" ");
        assertThat(fields[1]).isEqualTo("" + (1_700_000_000 + i));
        assertThat(fields[2]).isEqualTo("123456789");
        assertThat(fields[3]).isEqualTo("panda_link0");
        double[] values = new double[6];
        for (int k = 0; k < 6; k++) {
          values[k] = Double.parseDouble(fields[4 + k]);
        }
        assertThat(values).containsExactly(0.1 * (i + 1), -0.25, 1e-9, Math.PI, -Math.E, i);
      }
    }
  }

  @Test
  void floatArraysTravelBothWays() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Float32MultiArray> echoes = new LinkedBlockingQueue<>();
    try (FastDdsPeer peer =
            FastDdsPeer.start("echo-array", "" + domain, "/latent", "/latent_echo", "2", "30");
        Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("perception").withDomainId(domain))) {
      peer.awaitLine("ready"::equals, WAIT);
      node.createSubscriber(
          Ros2Topic.of("/latent_echo", Float32MultiArray.TYPE), Ros2Qos.RELIABLE, echoes::add);
      Ros2Publisher<Float32MultiArray> publisher =
          node.createPublisher(Ros2Topic.of("/latent", Float32MultiArray.TYPE), Ros2Qos.RELIABLE);
      assertThat(publisher.awaitSubscriptions(1, WAIT)).isTrue();
      // 384 values: over the 100-element cap of the stock IHMC message classes.
      float[] values = new float[384];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) Math.sin(i) * 3.5f;
      }
      List<MultiArrayDimension> layout =
          List.of(
              new MultiArrayDimension("tokens", 4, 384),
              new MultiArrayDimension("features", 96, 96));
      publisher.publish(new Float32MultiArray(layout, 0, values));
      publisher.publish(new Float32MultiArray(List.of(), 7, new float[0]));

      Float32MultiArray first = echoes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.dimensions()).isEqualTo(layout);
      assertThat(first.dataOffset()).isEqualTo(1);
      float[] doubled = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        doubled[i] = values[i] * 2f;
      }
      assertThat(first.data()).containsExactly(doubled);
      Float32MultiArray second = echoes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(second).isNotNull();
      assertThat(second.dimensions()).isEmpty();
      assertThat(second.dataOffset()).isEqualTo(8);
      assertThat(second.data()).isEmpty();
    }
  }

  @Test
  void posesJointStatesAndFloatsRoundTripThroughCpp() throws Exception {
    int domain = TestDomains.next();
    PoseStamped pose =
        new PoseStamped(
            new Header(new Time(12, 345), "base_link"),
            new Point(0.4, -0.125, 0.3),
            new Quaternion(0.0, 0.7071067811865476, 0.0, 0.7071067811865476));
    JointState joints =
        new JointState(
            new Header(new Time(7, 8), "base"),
            new String[] {"joint_1", "joint_2", "gripper"},
            new double[] {0.5, -1.25, 0.04},
            new double[] {0.01, 0.0, -0.02},
            new double[0]);
    BlockingQueue<PoseStamped> poses = new LinkedBlockingQueue<>();
    BlockingQueue<JointState> jointEchoes = new LinkedBlockingQueue<>();
    BlockingQueue<Float32> floats = new LinkedBlockingQueue<>();
    try (FastDdsPeer posePeer =
            FastDdsPeer.start("echo-pose", "" + domain, "/ee_pose", "/ee_pose_echo", "1", "30");
        FastDdsPeer jointPeer =
            FastDdsPeer.start(
                "echo-joints", "" + domain, "/joint_states", "/joint_states_echo", "1", "30");
        FastDdsPeer floatPeer =
            FastDdsPeer.start("echo-float", "" + domain, "/energy", "/energy_echo", "1", "30");
        Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("agent").withDomainId(domain))) {
      posePeer.awaitLine("ready"::equals, WAIT);
      jointPeer.awaitLine("ready"::equals, WAIT);
      floatPeer.awaitLine("ready"::equals, WAIT);
      node.createSubscriber(
          Ros2Topic.of("/ee_pose_echo", PoseStamped.TYPE), Ros2Qos.RELIABLE, poses::add);
      node.createSubscriber(
          Ros2Topic.of("/joint_states_echo", JointState.TYPE), Ros2Qos.RELIABLE, jointEchoes::add);
      node.createSubscriber(
          Ros2Topic.of("/energy_echo", Float32.TYPE), Ros2Qos.RELIABLE, floats::add);
      Ros2Publisher<PoseStamped> posePublisher =
          node.createPublisher(Ros2Topic.of("/ee_pose", PoseStamped.TYPE), Ros2Qos.RELIABLE);
      Ros2Publisher<JointState> jointPublisher =
          node.createPublisher(Ros2Topic.of("/joint_states", JointState.TYPE), Ros2Qos.RELIABLE);
      Ros2Publisher<Float32> floatPublisher =
          node.createPublisher(Ros2Topic.of("/energy", Float32.TYPE), Ros2Qos.RELIABLE);
      assertThat(posePublisher.awaitSubscriptions(1, WAIT)).isTrue();
      assertThat(jointPublisher.awaitSubscriptions(1, WAIT)).isTrue();
      assertThat(floatPublisher.awaitSubscriptions(1, WAIT)).isTrue();
      posePublisher.publish(pose);
      jointPublisher.publish(joints);
      floatPublisher.publish(new Float32(-2.75f));

      assertThat(poses.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(pose);
      JointState echoed = jointEchoes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(echoed).isNotNull();
      assertThat(echoed.header()).isEqualTo(joints.header());
      assertThat(echoed.name()).containsExactly(joints.name());
      assertThat(echoed.position()).containsExactly(joints.position());
      assertThat(echoed.velocity()).containsExactly(joints.velocity());
      assertThat(echoed.effort()).isEmpty();
      assertThat(floats.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Float32(-2.75f));
    }
  }

  /**
   * The two types {@code foresight record} adds on ROS 2: a JPEG-sized compressed image (its data
   * padded after an odd-length format) and an episode-end string, read by C++ and written back.
   */
  @Test
  void compressedImagesAndStringsRoundTripThroughCpp() throws Exception {
    int domain = TestDomains.next();
    byte[] jpeg = new byte[5003];
    new java.util.Random(3).nextBytes(jpeg);
    CompressedImage image =
        new CompressedImage(
            new Header(new Time(1_700_000_000, 50_000_000), "camera"), "jpeg", jpeg);
    BlockingQueue<CompressedImage> images = new LinkedBlockingQueue<>();
    BlockingQueue<StringMessage> strings = new LinkedBlockingQueue<>();
    try (FastDdsPeer imagePeer =
            FastDdsPeer.start(
                "echo-compressed", "" + domain, "/image/compressed", "/image_echo", "1", "30");
        FastDdsPeer stringPeer =
            FastDdsPeer.start(
                "echo-string", "" + domain, "/episode_end", "/episode_end_echo", "1", "30");
        Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("recorder").withDomainId(domain))) {
      imagePeer.awaitLine("ready"::equals, WAIT);
      stringPeer.awaitLine("ready"::equals, WAIT);
      node.createSubscriber(
          Ros2Topic.of("/image_echo", CompressedImage.TYPE), Ros2Qos.RELIABLE, images::add);
      node.createSubscriber(
          Ros2Topic.of("/episode_end_echo", StringMessage.TYPE), Ros2Qos.RELIABLE, strings::add);
      Ros2Publisher<CompressedImage> imagePublisher =
          node.createPublisher(
              Ros2Topic.of("/image/compressed", CompressedImage.TYPE), Ros2Qos.RELIABLE);
      Ros2Publisher<StringMessage> stringPublisher =
          node.createPublisher(Ros2Topic.of("/episode_end", StringMessage.TYPE), Ros2Qos.RELIABLE);
      assertThat(imagePublisher.awaitSubscriptions(1, WAIT)).isTrue();
      assertThat(stringPublisher.awaitSubscriptions(1, WAIT)).isTrue();
      imagePublisher.publish(image);
      stringPublisher.publish(new StringMessage("episode 0 ended; arm back at the start"));

      CompressedImage echoed = images.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(echoed).as("echo of the compressed image: %s", imagePeer.seen()).isNotNull();
      assertThat(echoed.header()).isEqualTo(image.header());
      assertThat(echoed.format()).isEqualTo("jpeg");
      assertThat(echoed.data()).isEqualTo(jpeg);
      assertThat(strings.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(new StringMessage("episode 0 ended; arm back at the start"));
    }
  }

  @Test
  void aLateJavaSubscriptionGetsTheLatchedLatentOfACppPublisher() throws Exception {
    int domain = TestDomains.next();
    try (FastDdsPeer peer =
        FastDdsPeer.start("pub-array", "" + domain, "/goal_latent", "3", "transient_local")) {
      peer.awaitLine(line -> line.startsWith("published"), WAIT);
      BlockingQueue<Float32MultiArray> latched = new LinkedBlockingQueue<>();
      try (Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("planner").withDomainId(domain))) {
        node.createSubscriber(
            Ros2Topic.of("/goal_latent", Float32MultiArray.TYPE),
            Ros2Qos.TRANSIENT_LOCAL,
            latched::add);
        Float32MultiArray goal = latched.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(goal).isNotNull();
        // Keep-last 1: only the last of the three, sequence 2.
        assertThat(goal.dataOffset()).isEqualTo(2);
        assertThat(goal.data()).hasSize(300);
        assertThat(goal.data()[8]).isEqualTo(0.25f * 8 - 2);
        Thread.sleep(300);
        assertThat(latched).isEmpty();
      }
    }
  }

  @Test
  void nothingCrossesDomains() throws Exception {
    int domain = TestDomains.next();
    int otherDomain = TestDomains.next();
    String topic = "/servo_node/delta_twist_cmds";
    try (FastDdsPeer same = FastDdsPeer.start("sub-twist", "" + domain, topic, "1000", "20");
        FastDdsPeer other = FastDdsPeer.start("sub-twist", "" + otherDomain, topic, "1000", "6");
        Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("agent").withDomainId(domain))) {
      same.awaitLine("ready"::equals, WAIT);
      other.awaitLine("ready"::equals, WAIT);
      Ros2Publisher<TwistStamped> publisher =
          node.createPublisher(Ros2Topic.of(topic, TwistStamped.TYPE), Ros2Qos.RELIABLE);
      assertThat(publisher.awaitSubscriptions(1, WAIT)).isTrue();
      for (int i = 0; i < 40; i++) {
        publisher.publish(
            new TwistStamped(Header.of(i, "base"), new Vector3(i, 0, 0), Vector3.ZERO));
        Thread.sleep(25);
      }
      // Only the peer in the node's domain matched and hears them (the positive control); the
      // other, in another domain, hears nothing.
      assertThat(publisher.matchedSubscriptions()).isEqualTo(1);
      same.awaitLine(line -> line.startsWith("twist 0 "), WAIT);
      assertThat(other.awaitLine(line -> line.startsWith("received"), WAIT))
          .isEqualTo("received 0");
      assertThat(other.seen()).noneMatch(line -> line.startsWith("twist"));
    }
  }
}
