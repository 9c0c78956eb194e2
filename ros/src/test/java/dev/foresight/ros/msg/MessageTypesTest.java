package dev.foresight.ros.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.tools.RosTools;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MessageTypesTest {

  @Test
  void md5SumsMatchTheKnownTable() {
    // Values the real ROS tools use (ros_comm 1.15, Debian 12).
    assertThat(ImageMessage.TYPE.md5()).isEqualTo("060021388200f6f0f447d0fcd9c64743");
    assertThat(PoseStamped.TYPE.md5()).isEqualTo("d3812c3cbc69362b77dc0b19b345f8f5");
    assertThat(JointState.TYPE.md5()).isEqualTo("3066dcd76a6cfaef579bd0f34173e9fd");
    assertThat(StringMessage.TYPE.md5()).isEqualTo("992ce8a1687cec8c8bd883ec73ca41d1");
    assertThat(JointTrajectory.TYPE.md5()).isEqualTo("65b4f94a94d1ed67169da35a02f33d3f");
  }

  @Test
  void md5SumsMatchTheInstalledPythonMessages() throws Exception {
    String missing = RosTools.missingToolsMessage();
    assertThat(missing).as("ROS tools").isNull();
    Map<String, String> ours = new LinkedHashMap<>();
    for (MessageType<?> type : MessageTypes.ALL) {
      ours.put(type.typeName(), type.md5());
    }
    StringBuilder script = new StringBuilder("import importlib\n");
    for (String name : ours.keySet()) {
      String[] parts = name.split("/");
      script
          .append("print('")
          .append(name)
          .append("', getattr(importlib.import_module('")
          .append(parts[0])
          .append(".msg'), '")
          .append(parts[1])
          .append("')._md5sum)\n");
    }
    Process process =
        new ProcessBuilder(RosTools.SYSTEM_PYTHON.toString(), "-c", script.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    Map<String, String> theirs = new LinkedHashMap<>();
    for (String line : output.strip().split("\n")) {
      String[] parts = line.strip().split(" ");
      theirs.put(parts[0], parts[1]);
    }
    assertThat(ours).isEqualTo(theirs);
  }

  @Test
  void md5TextFollowsGenmsg() {
    // Constants first, nested types by md5, array suffix dropped for nested types only.
    MessageSpec nested = MessageSpec.of("p/N", "int32 a\n");
    String text =
        MessageSpec.md5Text(
            "p/T", "# comment\nN[] ns  # trailing\nuint8[4] raw\nint32 K=3\n", List.of(nested));
    assertThat(text).isEqualTo("int32 K=3\n" + nested.md5() + " ns\nuint8[4] raw");
  }

  @Test
  void fullTextListsNestedDefinitionsOnce() {
    String definition = PoseStamped.TYPE.definition();
    assertThat(definition).startsWith("Header header\nPose pose\n");
    assertThat(definition).contains("MSG: std_msgs/Header\n", "MSG: geometry_msgs/Pose\n");
    assertThat(definition)
        .contains("MSG: geometry_msgs/Point\n", "MSG: geometry_msgs/Quaternion\n");
    assertThat(definition.split("MSG: geometry_msgs/Point", -1)).hasSize(2);
  }

  @Test
  void imageOnTheWireIs921641BytesAndRoundTrips() {
    byte[] pixels = new byte[640 * 480 * 3];
    pixels[5] = 42;
    ImageMessage image =
        ImageMessage.fromImage(
            Header.of(7, 1_500_000_123L, ""), new Image(640, 480, PixelEncoding.RGB8, pixels));
    assertThat(ImageMessage.TYPE.serializedSize(image)).isEqualTo(921_641);
    ImageMessage back = roundTrip(ImageMessage.TYPE, image);
    assertThat(back.header()).isEqualTo(image.header());
    assertThat(back.toImage().pixels()).isEqualTo(pixels);
    assertThat(back.header().stamp().toNanos()).isEqualTo(1_500_000_123L);
  }

  @Test
  void everyTypeRoundTrips() {
    Header header = Header.of(3, 42_000_000_001L, "base");
    Float32MultiArray latent = Float32MultiArray.vector("latent", new float[] {1.5f, -2f});
    Float32MultiArray latentBack = roundTrip(Float32MultiArray.TYPE, latent);
    assertThat(latentBack.layout()).isEqualTo(latent.layout());
    assertThat(latentBack.data()).containsExactly(1.5f, -2f);

    JointState joints =
        new JointState(
            header, new String[] {"a", "b"}, new double[] {1, 2}, new double[] {3}, new double[0]);
    JointState jointsBack = roundTrip(JointState.TYPE, joints);
    assertThat(jointsBack.name()).containsExactly("a", "b");
    assertThat(jointsBack.position()).containsExactly(1, 2);
    assertThat(jointsBack.velocity()).containsExactly(3);

    PoseStamped pose =
        new PoseStamped(
            header,
            new PoseMessage(new Point(1, 2, 3), Quaternion.fromRollPitchYaw(0.1, 0.2, 0.3)));
    assertThat(roundTrip(PoseStamped.TYPE, pose)).isEqualTo(pose);

    TwistStamped twist =
        new TwistStamped(header, new Twist(new Vector3(0.1, 0, 0), new Vector3(0, 0, -0.2)));
    assertThat(roundTrip(TwistStamped.TYPE, twist)).isEqualTo(twist);

    JointTrajectory trajectory =
        new JointTrajectory(
            header,
            new String[] {"j1"},
            List.of(
                new JointTrajectoryPoint(
                    new double[] {0.5},
                    new double[0],
                    new double[0],
                    new double[0],
                    RosDuration.ofSeconds(1.5))));
    JointTrajectory trajectoryBack = roundTrip(JointTrajectory.TYPE, trajectory);
    assertThat(trajectoryBack.points().get(0).positions()).containsExactly(0.5);
    assertThat(trajectoryBack.points().get(0).timeFromStart().toSeconds()).isEqualTo(1.5);

    CompressedImage jpeg = new CompressedImage(header, "jpeg", new byte[] {1, 2, 3});
    assertThat(roundTrip(CompressedImage.TYPE, jpeg).data()).containsExactly(1, 2, 3);
    assertThat(roundTrip(StringMessage.TYPE, new StringMessage("héllo")).data()).isEqualTo("héllo");
    assertThat(roundTrip(Float32Message.TYPE, new Float32Message(2.5f)).data()).isEqualTo(2.5f);
  }

  @Test
  void quaternionFromRollPitchYawMatchesRosConvention() {
    Quaternion yaw90 = Quaternion.fromRollPitchYaw(0, 0, Math.PI / 2);
    assertThat(yaw90.z()).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(yaw90.w()).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(yaw90.x()).isZero();
  }

  @Test
  void everyReadErrorNamesTheTypeAndTheField() {
    for (MessageType<?> type : MessageTypes.ALL) {
      ByteBuf empty = Unpooled.wrappedBuffer(new byte[0]);
      assertThatThrownBy(() -> type.read(empty))
          .as(type.typeName())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(type.typeName() + ": ")
          .hasMessageContaining("needs");
    }
  }

  @Test
  void truncatedMessageNamesTheField() {
    ByteBuf buffer = Unpooled.buffer();
    try {
      buffer.writeIntLE(1).writeIntLE(2).writeIntLE(3).writeIntLE(0); // header, empty frame_id
      buffer.writeIntLE(480).writeIntLE(640).writeIntLE(4).writeBytes("rgb8".getBytes());
      buffer.writeByte(0).writeIntLE(1920).writeIntLE(921_600).writeBytes(new byte[10]);
      assertThatThrownBy(() -> ImageMessage.TYPE.read(buffer))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("data: length 921600");
    } finally {
      buffer.release();
    }
  }

  @Test
  void paddedImageRowsAreRepacked() {
    byte[] data = {1, 2, 3, 9, 4, 5, 6, 9}; // 1x2 rgb8, step 4
    ImageMessage message = new ImageMessage(Header.of(0, 0, ""), 2, 1, "rgb8", (byte) 0, 4, data);
    assertThat(message.toImage().pixels()).containsExactly(1, 2, 3, 4, 5, 6);
    ImageMessage wrong = new ImageMessage(Header.of(0, 0, ""), 2, 1, "yuv422", (byte) 0, 4, data);
    assertThatThrownBy(wrong::toImage).hasMessageContaining("yuv422");
  }

  private static <T> T roundTrip(MessageType<T> type, T message) {
    ByteBuf buffer = Unpooled.buffer(type.serializedSize(message));
    try {
      type.write(message, buffer);
      assertThat(buffer.readableBytes()).isEqualTo(type.serializedSize(message));
      T back = type.read(buffer);
      assertThat(buffer.readableBytes()).isZero();
      return back;
    } finally {
      buffer.release();
    }
  }
}
