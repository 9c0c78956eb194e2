package dev.foresight.ros2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.ros2.msg.CdrReader;
import dev.foresight.ros2.msg.CdrWriter;
import dev.foresight.ros2.msg.Float32MultiArray;
import dev.foresight.ros2.msg.Header;
import dev.foresight.ros2.msg.Image;
import dev.foresight.ros2.msg.Ros2MessageType;
import dev.foresight.ros2.msg.TwistStamped;
import dev.foresight.ros2.msg.Vector3;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java to Java over Fast-DDS: QoS, namespaces, latching and bad input. */
@Timeout(60)
class Ros2NodeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Writes given bytes verbatim under the DDS type name of {@code rosName}: a bad peer. */
  private record RawType(String rosName) implements Ros2MessageType<byte[]> {
    @Override
    public int maxSerializedBytes() {
      return 4096;
    }

    @Override
    public void write(byte[] message, CdrWriter out) {
      for (byte b : message) {
        out.writeByte(b);
      }
    }

    @Override
    public byte[] read(CdrReader in) {
      throw new IllegalStateException("never read");
    }
  }

  private static byte[] bytesOf(Image image) {
    ByteBuffer buffer = ByteBuffer.allocate(Image.TYPE.maxSerializedBytes());
    Image.TYPE.write(image, new CdrWriter().reset(buffer));
    byte[] bytes = new byte[buffer.position()];
    buffer.flip().get(bytes);
    return bytes;
  }

  private static Image image(int seq) {
    byte[] pixels = new byte[32 * 24 * 3];
    java.util.Arrays.fill(pixels, (byte) seq);
    return new Image(
        new Header(new dev.foresight.ros2.msg.Time(seq, 0), "camera"),
        24,
        32,
        "rgb8",
        (byte) 0,
        96,
        pixels);
  }

  @Test
  void imagesTravelBetweenJavaNodesInANamespace() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Image> images = new LinkedBlockingQueue<>();
    try (Ros2Node camera =
            Ros2Node.start(
                Ros2NodeSettings.of("camera").withNamespace("/arm").withDomainId(domain));
        Ros2Node perception =
            Ros2Node.start(Ros2NodeSettings.of("perception").withDomainId(domain))) {
      Ros2Subscriber<Image> subscriber =
          perception.createSubscriber(
              Ros2Topic.of("/arm/image_raw", Image.TYPE), Ros2Qos.SENSOR_DATA, images::add);
      Ros2Publisher<Image> publisher =
          camera.createPublisher(Ros2Topic.of("image_raw", Image.TYPE), Ros2Qos.SENSOR_DATA);
      assertThat(publisher.topic()).isEqualTo("/arm/image_raw");
      assertThat(publisher.awaitSubscriptions(1, WAIT)).isTrue();
      for (int seq = 0; seq < 20; seq++) {
        publisher.publish(image(seq));
        Thread.sleep(10);
      }
      Await.until(WAIT, () -> images.size() >= 10, () -> images.size() + " images");
      for (Image received : images) {
        assertThat(received)
            .usingRecursiveComparison()
            .isEqualTo(image(received.header().stamp().sec()));
      }
      assertThat(subscriber.matchedPublishers()).isEqualTo(1);
      assertThat(subscriber.malformed()).isZero();
    }
  }

  @Test
  void aLateSubscriptionGetsTheLatchedGoal() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Float32MultiArray> goals = new LinkedBlockingQueue<>();
    try (Ros2Node perception = Ros2Node.start(Ros2NodeSettings.of("goal").withDomainId(domain))) {
      Ros2Publisher<Float32MultiArray> publisher =
          perception.createPublisher(
              Ros2Topic.of("goal_latent", Float32MultiArray.TYPE), Ros2Qos.TRANSIENT_LOCAL);
      publisher.publish(Float32MultiArray.vector("latent", new float[] {1, 2, 3}));
      publisher.publish(Float32MultiArray.vector("latent", new float[] {4, 5, 6}));
      try (Ros2Node planner = Ros2Node.start(Ros2NodeSettings.of("planner").withDomainId(domain))) {
        planner.createSubscriber(
            Ros2Topic.of("/goal_latent", Float32MultiArray.TYPE),
            Ros2Qos.TRANSIENT_LOCAL,
            goals::add);
        Float32MultiArray goal = goals.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(goal).isNotNull();
        assertThat(goal.data()).containsExactly(4, 5, 6);
      }
    }
  }

  @Test
  void malformedSamplesAreDroppedAndTheSubscriptionKeepsRunning() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Image> images = new LinkedBlockingQueue<>();
    try (Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("perception").withDomainId(domain));
        Ros2Node bad = Ros2Node.start(Ros2NodeSettings.of("bad_camera").withDomainId(domain))) {
      Ros2Subscriber<Image> subscriber =
          node.createSubscriber(
              Ros2Topic.of("/image_raw", Image.TYPE), Ros2Qos.RELIABLE, images::add);
      Ros2Publisher<byte[]> raw =
          bad.createPublisher(
              Ros2Topic.of("/image_raw", new RawType(Image.ROS_NAME)), Ros2Qos.RELIABLE);
      assertThat(raw.awaitSubscriptions(1, WAIT)).isTrue();
      byte[] good = bytesOf(image(3));
      raw.publish(java.util.Arrays.copyOf(good, good.length - 40)); // truncated pixels
      byte[] lying = good.clone();
      ByteBuffer.wrap(lying).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7fff_ffff);
      raw.publish(lying); // a frame_id length of 2^31 - 1
      raw.publish(good);
      Image received = images.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(received).usingRecursiveComparison().isEqualTo(image(3));
      assertThat(subscriber.malformed()).isEqualTo(2);
      assertThat(subscriber.received()).isEqualTo(1);
    }
  }

  @Test
  void aThrowingListenerCostsOneMessageNotTheSubscription() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<TwistStamped> twists = new LinkedBlockingQueue<>();
    try (Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("arm").withDomainId(domain))) {
      Ros2Subscriber<TwistStamped> subscriber =
          node.createSubscriber(
              Ros2Topic.of("cmd", TwistStamped.TYPE),
              Ros2Qos.RELIABLE,
              twist -> {
                if (twist.linear().x() < 0) {
                  throw new IllegalArgumentException("negative x");
                }
                twists.add(twist);
              });
      Ros2Publisher<TwistStamped> publisher =
          node.createPublisher(Ros2Topic.of("cmd", TwistStamped.TYPE), Ros2Qos.RELIABLE);
      assertThat(publisher.awaitSubscriptions(1, WAIT)).isTrue();
      publisher.publish(new TwistStamped(Header.of(0, "b"), new Vector3(-1, 0, 0), Vector3.ZERO));
      publisher.publish(new TwistStamped(Header.of(1, "b"), new Vector3(1, 0, 0), Vector3.ZERO));
      TwistStamped after = twists.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(after).isNotNull();
      assertThat(after.linear().x()).isEqualTo(1);
      assertThat(subscriber.listenerFailures()).isEqualTo(1);
    }
  }

  @Test
  void aReliableSubscriptionDoesNotMatchABestEffortPublisher() throws Exception {
    int domain = TestDomains.next();
    BlockingQueue<Image> reliable = new LinkedBlockingQueue<>();
    BlockingQueue<Image> sensor = new LinkedBlockingQueue<>();
    try (Ros2Node node = Ros2Node.start(Ros2NodeSettings.of("camera").withDomainId(domain))) {
      Ros2Subscriber<Image> strict =
          node.createSubscriber(Ros2Topic.of("image", Image.TYPE), Ros2Qos.RELIABLE, reliable::add);
      Ros2Subscriber<Image> lenient =
          node.createSubscriber(
              Ros2Topic.of("image", Image.TYPE), Ros2Qos.SENSOR_DATA, sensor::add);
      Ros2Publisher<Image> publisher =
          node.createPublisher(Ros2Topic.of("image", Image.TYPE), Ros2Qos.SENSOR_DATA);
      assertThat(publisher.awaitSubscriptions(1, WAIT)).isTrue();
      for (int seq = 0; seq < 10 && sensor.isEmpty(); seq++) {
        publisher.publish(image(seq));
        Thread.sleep(50);
      }
      Await.until(WAIT, () -> !sensor.isEmpty(), () -> "nothing on the compatible subscription");
      assertThat(lenient.matchedPublishers()).isEqualTo(1);
      assertThat(strict.matchedPublishers()).isZero();
      assertThat(publisher.matchedSubscriptions()).isEqualTo(1);
      assertThat(reliable).isEmpty();
      assertThat(Ros2Qos.RELIABLE.incompatibilityWith(publisher.qos())).isNotNull();
    }
  }

  /**
   * Closing a node while samples arrive: the IHMC subscriber's removal waits for the receive thread
   * to leave its callback while holding the lock the callback needs to take samples, so a node that
   * kept taking would deadlock here (seen in about 1 run in 6 before the fix).
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void closingASubscribingNodeWhileSamplesArriveDoesNotHang() throws Exception {
    int domain = TestDomains.next();
    try (Ros2Node sender = Ros2Node.start(Ros2NodeSettings.of("sender").withDomainId(domain))) {
      Ros2Publisher<TwistStamped> publisher =
          sender.createPublisher(Ros2Topic.of("flood", TwistStamped.TYPE), Ros2Qos.RELIABLE);
      java.util.concurrent.atomic.AtomicBoolean flooding =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread flood =
          new Thread(
              () -> {
                for (int i = 0; flooding.get(); i++) {
                  publisher.publish(
                      new TwistStamped(Header.of(i, "b"), new Vector3(i, 0, 0), Vector3.ZERO));
                }
              },
              "flood");
      flood.setDaemon(true);
      flood.start();
      for (int round = 0; round < 8; round++) {
        java.util.concurrent.atomic.AtomicLong got = new java.util.concurrent.atomic.AtomicLong();
        Ros2Node receiver = Ros2Node.start(Ros2NodeSettings.of("receiver").withDomainId(domain));
        receiver.createSubscriber(
            Ros2Topic.of("flood", TwistStamped.TYPE),
            Ros2Qos.RELIABLE,
            twist -> got.incrementAndGet());
        Await.until(WAIT, () -> got.get() > 50, () -> got.get() + " twists");
        receiver.close();
      }
      flooding.set(false);
      flood.join(5000);
    }
  }

  @Test
  void aClosedNodeRefusesNewEndpoints() {
    Ros2Node node =
        Ros2Node.start(Ros2NodeSettings.of("short_lived").withDomainId(TestDomains.next()));
    node.close();
    node.close();
    assertThatThrownBy(
            () -> node.createPublisher(Ros2Topic.of("x", TwistStamped.TYPE), Ros2Qos.RELIABLE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ROS 2 node 'short_lived' is closed");
  }
}
