package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.perception.Perception;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Publisher;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Subscriber;
import dev.foresight.ros2.Ros2Topic;
import dev.foresight.ros2.msg.CdrReader;
import dev.foresight.ros2.msg.CdrWriter;
import dev.foresight.ros2.msg.Float32MultiArray;
import dev.foresight.ros2.msg.Header;
import dev.foresight.ros2.msg.Ros2MessageType;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The perception node on ROS 2, against the C++ Fast-DDS peer: C++ images ({@code
 * sensor_msgs/msg/Image} on {@code /camera/image_raw}) become latents ({@code
 * std_msgs/msg/Float32MultiArray} on {@code /perception/latent}) that the C++ peer reads; and bad
 * samples cost one log line each while the node keeps encoding.
 */
@Timeout(120)
class Ros2PerceptionNodeTest {
  private static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());
  private static final ModelSettings MODEL =
      new ModelSettings(BUNDLE, ModelSettings.Engine.ONNXRUNTIME);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int SIDE = 64;
  private static final int FRAMES = 10;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final List<Logger> loggers =
      List.of(
          (Logger) LoggerFactory.getLogger(Ros2Subscriber.class),
          (Logger) LoggerFactory.getLogger(PerceptionNode.class));

  @BeforeEach
  void captureLog() {
    log.start();
    loggers.forEach(logger -> logger.addAppender(log));
  }

  @AfterEach
  void releaseLog() {
    loggers.forEach(logger -> logger.detachAppender(log));
  }

  /** Frame {@code seq} as ros2_peer.cpp paints it: byte i = i·31 + seq·7 (mod 256). */
  private static Image peerFrame(int seq) {
    byte[] pixels = new byte[SIDE * SIDE * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31 + seq * 7);
    }
    return new Image(SIDE, SIDE, PixelEncoding.RGB8, pixels);
  }

  /** The latents of the peer's frames encoded directly, with the node's proprio before any pose. */
  private static float[][] directLatents() throws Exception {
    try (LearnedWorldModel model = WorldModels.open(BUNDLE, ModelSettings.Engine.ONNXRUNTIME, 1)) {
      Perception perception = Perception.of(model);
      float[][] latents = new float[FRAMES][model.latentSize()];
      ArmState noPose = new ArmState(0, new Pose(0, 0, 0, 0, 0, 0), 0);
      for (int seq = 0; seq < FRAMES; seq++) {
        perception.encode(new Observation(peerFrame(seq), noPose), latents[seq]);
      }
      return latents;
    }
  }

  /** The frame whose direct latent equals {@code latent} within 1e-5 in every value, or -1. */
  private static int matchingFrame(float[][] direct, float[] latent) {
    for (int seq = 0; seq < direct.length; seq++) {
      if (direct[seq].length != latent.length) {
        continue;
      }
      boolean equal = true;
      for (int i = 0; i < latent.length && equal; i++) {
        equal = Math.abs(direct[seq][i] - latent[i]) <= 1e-5f;
      }
      if (equal) {
        return seq;
      }
    }
    return -1;
  }

  @Test
  void cppImagesBecomeLatentsThatCppReadsEqualToEncodingTheFramesDirectly() throws Exception {
    float[][] direct = directLatents();
    assertThat(matchingFrame(direct, direct[1])).as("frames give distinct latents").isEqualTo(1);
    int domain = CppDdsPeer.nextDomain();
    StringWriter text = new StringWriter();
    BlockingQueue<Float32MultiArray> echoes = new LinkedBlockingQueue<>();
    try (CppDdsPeer reader =
            CppDdsPeer.start(
                "echo-array",
                "" + domain,
                "/perception/latent",
                "/latent_echo",
                "" + FRAMES,
                "60");
        Ros2Node ros = Ros2Node.start(new Ros2NodeSettings("foresight_perception", "/", domain));
        PerceptionNode perception =
            PerceptionNode.start(
                new Ros2Transport(ros, false),
                ForesightConfig.DEFAULTS.ros(),
                MODEL,
                1,
                new PrintWriter(text, true))) {
      reader.awaitLine("ready"::equals, WAIT);
      Ros2Subscriber<Float32MultiArray> echoSubscriber =
          ros.createSubscriber(
              Ros2Topic.of("/latent_echo", Float32MultiArray.TYPE), Ros2Qos.RELIABLE, echoes::add);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (echoSubscriber.matchedPublishers() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(text.toString())
          .contains(
              "foresight node perception: foresight_perception encodes /camera/image_raw ->"
                  + " /perception/latent")
          .contains("ROS 2");
      try (CppDdsPeer camera =
          CppDdsPeer.start(
              "pub-image",
              "" + domain,
              "/camera/image_raw",
              "" + SIDE,
              "" + SIDE,
              "" + FRAMES,
              "10",
              "reliable")) {
        camera.awaitLine(line -> line.startsWith("published"), WAIT);
        List<Integer> frames = new ArrayList<>();
        for (Float32MultiArray echo = echoes.poll(5, TimeUnit.SECONDS);
            echo != null;
            echo = echoes.poll(3, TimeUnit.SECONDS)) {
          // The peer doubles every value it reads and bumps the data offset.
          float[] latent = new float[echo.data().length];
          for (int i = 0; i < latent.length; i++) {
            latent[i] = echo.data()[i] / 2f;
          }
          assertThat(echo.dataOffset()).isEqualTo(1);
          int seq = matchingFrame(direct, latent);
          assertThat(seq)
              .as("latent %d matches a directly encoded frame", frames.size())
              .isNotNegative();
          frames.add(seq);
          if (seq == FRAMES - 1) {
            break;
          }
        }
        // Every latent the C++ peer read is the direct encoding of one frame, in frame order;
        // the node keeps only the newest frame, so under load a frame may be skipped.
        assertThat(frames).as("%s", text).hasSizeGreaterThanOrEqualTo(FRAMES / 2).isSorted();
        assertThat(frames).doesNotHaveDuplicates().contains(FRAMES - 1);
        assertThat(perception.rejectedFrames()).isZero();
      }
    }
  }

  /**
   * A type under sensor_msgs/msg/Image's name whose samples are a few bytes (padded to 8 on the
   * wire): malformed images (also {@link Ros2RecordCommandTest}'s).
   */
  static final Ros2MessageType<byte[]> TRUNCATED_IMAGE =
      new Ros2MessageType<>() {
        @Override
        public String rosName() {
          return dev.foresight.ros2.msg.Image.ROS_NAME;
        }

        @Override
        public int maxSerializedBytes() {
          return 64;
        }

        @Override
        public void write(byte[] message, CdrWriter out) {
          for (byte b : message) {
            out.writeByte(b);
          }
        }

        @Override
        public byte[] read(CdrReader in) {
          return new byte[0];
        }
      };

  @Test
  void aMalformedSampleAndABadFrameCostOneLineEachAndTheNodeKeepsEncoding() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    try (Ros2Node ros = Ros2Node.start(new Ros2NodeSettings("foresight_perception", "/", domain));
        Ros2Node camera = Ros2Node.start(new Ros2NodeSettings("camera", "/", domain));
        Ros2Node broken = Ros2Node.start(new Ros2NodeSettings("broken_camera", "/", domain))) {
      Ros2Transport transport = new Ros2Transport(ros, false);
      try (PerceptionNode perception =
          PerceptionNode.start(
              transport,
              ForesightConfig.DEFAULTS.ros(),
              MODEL,
              1,
              new PrintWriter(new StringWriter(), true))) {
        Ros2Publisher<byte[]> truncated =
            broken.createPublisher(
                Ros2Topic.of("/camera/image_raw", TRUNCATED_IMAGE), Ros2Qos.RELIABLE);
        Ros2Publisher<dev.foresight.ros2.msg.Image> images =
            camera.createPublisher(
                Ros2Topic.of("/camera/image_raw", dev.foresight.ros2.msg.Image.TYPE),
                Ros2Qos.RELIABLE);
        assertThat(truncated.awaitSubscriptions(1, WAIT)).isTrue();
        assertThat(images.awaitSubscriptions(1, WAIT)).isTrue();
        Ros2Subscriber<?> imageSubscriber =
            transport.subscribers().stream()
                .filter(s -> s.topic().equals("/camera/image_raw"))
                .findFirst()
                .orElseThrow();

        truncated.publish(new byte[] {1, 0, 0, 0, 2, 0});
        awaitTrue(() -> imageSubscriber.malformed() == 1);
        // Well-formed CDR, but 10 pixel bytes for a 64x64 rgb8 frame.
        images.publish(
            new dev.foresight.ros2.msg.Image(
                Header.of(0, "camera"), SIDE, SIDE, "rgb8", (byte) 0, SIDE * 3, new byte[10]));
        awaitTrue(() -> perception.rejectedFrames() == 1);
        Image good = peerFrame(3);
        images.publish(
            new dev.foresight.ros2.msg.Image(
                Header.of(0, "camera"), SIDE, SIDE, "rgb8", (byte) 0, SIDE * 3, good.pixels()));
        awaitTrue(() -> perception.encodedFrames() >= 1);

        List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings)
            .filteredOn(line -> line.contains("malformed"))
            .singleElement()
            .asString()
            .startsWith("/camera/image_raw: dropped a malformed sensor_msgs::msg::dds_::Image_")
            .contains("header.frame_id length 0 lacks the terminating NUL")
            .doesNotContain("\n");
        assertThat(warnings)
            .filteredOn(line -> line.contains("rejected"))
            .singleElement()
            .asString()
            .startsWith("camera/image_raw frame seq 0 rejected:")
            .doesNotContain("\n");
        assertThat(perception.rejectedFrames()).isEqualTo(1);
        assertThat(imageSubscriber.malformed()).isEqualTo(1);
      }
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("condition within %s", WAIT).isTrue();
      Thread.sleep(10);
    }
  }
}
