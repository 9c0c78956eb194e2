package dev.foresight.ros2.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-CDR codecs: golden bytes, round trips in both byte orders, malformed input. */
class CdrCodecTest {
  private static <T> byte[] write(Ros2MessageType<T> type, T message) {
    ByteBuffer buffer = ByteBuffer.allocate(type.maxSerializedBytes());
    type.write(message, new CdrWriter().reset(buffer));
    buffer.flip();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static <T> T read(Ros2MessageType<T> type, byte[] bytes, ByteOrder order) {
    return type.read(new CdrReader().reset(ByteBuffer.wrap(bytes), order));
  }

  @Test
  void ddsTypeNamesAreRos2s() {
    assertThat(Image.TYPE.ddsTypeName()).isEqualTo("sensor_msgs::msg::dds_::Image_");
    assertThat(Float32MultiArray.TYPE.ddsTypeName())
        .isEqualTo("std_msgs::msg::dds_::Float32MultiArray_");
    assertThat(TwistStamped.TYPE.ddsTypeName())
        .isEqualTo("geometry_msgs::msg::dds_::TwistStamped_");
    assertThatThrownBy(() -> Ros2MessageType.ddsTypeName("sensor_msgs/Image"))
        .hasMessageContaining("'sensor_msgs/Image' is not of the form package/msg/Type");
  }

  @Test
  void aPoseAndAJointStateHaveRos2sByteLayout() {
    // stamp (1, 2), frame "b" (length 2 with the NUL), 2 bytes of padding to offset 16, then
    // position and orientation as seven doubles.
    PoseStamped pose =
        new PoseStamped(
            new Header(new Time(1, 2), "b"), new Point(1, 2, 3), new Quaternion(0, 0, 0, 1));
    assertThat(HexFormat.of().formatHex(write(PoseStamped.TYPE, pose)))
        .isEqualTo(
            "01000000"
                + "02000000"
                + "02000000"
                + "6200"
                + "0000"
                + "000000000000f03f"
                + "0000000000000040"
                + "0000000000000840"
                + "0000000000000000"
                + "0000000000000000"
                + "0000000000000000"
                + "000000000000f03f");
    // stamp, frame "" (length 1: the NUL), 3 bytes of padding to offset 16, one name "j" (count,
    // length 2, 'j', NUL), 2 bytes of padding to 28, position count 1, padding to 32, the double,
    // then empty velocity and effort (counts only).
    JointState joints =
        new JointState(
            new Header(new Time(1, 2), ""),
            new String[] {"j"},
            new double[] {0.5},
            new double[0],
            new double[0]);
    assertThat(HexFormat.of().formatHex(write(JointState.TYPE, joints)))
        .isEqualTo(
            "01000000"
                + "02000000"
                + "01000000"
                + "00"
                + "000000"
                + "01000000"
                + "02000000"
                + "6a00"
                + "0000"
                + "01000000"
                + "000000000000e03f"
                + "00000000"
                + "00000000");
    assertThat(HexFormat.of().formatHex(write(Float32.TYPE, new Float32(1f))))
        .isEqualTo("0000803f");
  }

  @Test
  void jointStatesRoundTripAndOversizedOnesAreRefusedByName() {
    JointState joints =
        new JointState(
            new Header(new Time(3, 4), "base_link"),
            new String[] {"joint_1", "gripper"},
            new double[] {0.25, 0.04},
            new double[] {-1, 0},
            new double[] {2, 3});
    JointState back =
        read(JointState.TYPE, write(JointState.TYPE, joints), ByteOrder.LITTLE_ENDIAN);
    assertThat(back.name()).containsExactly("joint_1", "gripper");
    assertThat(back.position()).containsExactly(0.25, 0.04);
    assertThat(back.velocity()).containsExactly(-1, 0);
    assertThat(back.effort()).containsExactly(2, 3);
    byte[] bytes = write(JointState.TYPE, joints);
    // The name count (offset 24, after the 10-byte frame id and 2 bytes of padding) says 1000.
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1000);
    assertThatThrownBy(() -> read(JointState.TYPE, bytes, ByteOrder.LITTLE_ENDIAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name length 1000 is over the type's bound of 64");
    assertThatThrownBy(
            () ->
                write(
                    JointState.TYPE,
                    new JointState(
                        joints.header(),
                        new String[0],
                        new double[65],
                        new double[0],
                        new double[0])))
        .hasMessageContaining("array of 65 values, the type's bound is 64");
  }

  @Test
  void aTwistHasRos2sByteLayout() {
    // stamp (1, 2), frame "ab" (length 3 with the NUL), 1 byte of padding to offset 16 for the
    // doubles, six doubles.
    TwistStamped twist =
        new TwistStamped(
            new Header(new Time(1, 2), "ab"), new Vector3(1, 2, 3), new Vector3(-1, 0.5, 0));
    String hex = HexFormat.of().formatHex(write(TwistStamped.TYPE, twist));
    assertThat(hex)
        .isEqualTo(
            "01000000"
                + "02000000"
                + "03000000"
                + "616200"
                + "00"
                + "000000000000f03f"
                + "0000000000000040"
                + "0000000000000840"
                + "000000000000f0bf"
                + "000000000000e03f"
                + "0000000000000000");
  }

  @Test
  void anImageHasRos2sByteLayout() {
    Image image =
        new Image(new Header(new Time(7, 0), ""), 1, 2, "mono8", (byte) 0, 2, new byte[] {9, 10});
    String hex = HexFormat.of().formatHex(write(Image.TYPE, image));
    // header: sec, nanosec, frame "" (length 1, NUL) + 3 padding; height 1, width 2;
    // "mono8" (length 6); is_bigendian right after it, 1 byte of padding; step 2; data length 2;
    // data.
    assertThat(hex)
        .isEqualTo(
            "07000000"
                + "00000000"
                + "01000000"
                + "00"
                + "000000"
                + "01000000"
                + "02000000"
                + "06000000"
                + "6d6f6e6f3800"
                + "00"
                + "00"
                + "02000000"
                + "02000000"
                + "090a");
  }

  @Test
  void seededRandomMessagesRoundTripInBothByteOrders() {
    Random random = new Random(19);
    for (int trial = 0; trial < 200; trial++) {
      byte[] pixels = new byte[random.nextInt(3000)];
      random.nextBytes(pixels);
      Image image =
          new Image(
              new Header(new Time(random.nextInt(), random.nextInt(1_000_000_000)), "cam" + trial),
              random.nextInt(100),
              random.nextInt(100),
              trial % 2 == 0 ? "rgb8" : "bgra8",
              (byte) random.nextInt(2),
              random.nextInt(),
              pixels);
      Image back = read(Image.TYPE, write(Image.TYPE, image), ByteOrder.LITTLE_ENDIAN);
      assertThat(back).usingRecursiveComparison().isEqualTo(image);

      float[] values = new float[random.nextInt(500)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextFloat() * 100 - 50;
      }
      Float32MultiArray array =
          new Float32MultiArray(
              List.of(new MultiArrayDimension("x" + trial, values.length, values.length)),
              random.nextInt(10),
              values);
      assertThat(
              read(
                  Float32MultiArray.TYPE,
                  write(Float32MultiArray.TYPE, array),
                  ByteOrder.LITTLE_ENDIAN))
          .usingRecursiveComparison()
          .isEqualTo(array);

      TwistStamped twist =
          new TwistStamped(
              Header.of(Math.abs(random.nextLong() % 4_000_000_000_000_000_000L), "f"),
              new Vector3(random.nextGaussian(), random.nextGaussian(), random.nextGaussian()),
              new Vector3(random.nextGaussian(), random.nextGaussian(), random.nextGaussian()));
      assertThat(read(TwistStamped.TYPE, write(TwistStamped.TYPE, twist), ByteOrder.LITTLE_ENDIAN))
          .isEqualTo(twist);
    }
  }

  @Test
  void bigEndianSamplesAreRead() {
    // The same twist in big-endian CDR, as a big-endian peer would send it.
    ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
    buffer.putInt(5).putInt(6).putInt(2).put((byte) 'w').put((byte) 0).put(new byte[2]);
    buffer.putDouble(1).putDouble(2).putDouble(3).putDouble(4).putDouble(5).putDouble(6);
    TwistStamped twist = read(TwistStamped.TYPE, buffer.array(), ByteOrder.BIG_ENDIAN);
    assertThat(twist)
        .isEqualTo(
            new TwistStamped(
                new Header(new Time(5, 6), "w"), new Vector3(1, 2, 3), new Vector3(4, 5, 6)));
  }

  @Test
  void malformedSamplesNameTheFieldAndAllocateNothingHuge() {
    byte[] good =
        write(Image.TYPE, new Image(Header.of(1, "cam"), 2, 2, "rgb8", (byte) 0, 6, new byte[12]));
    // Truncated anywhere: an IllegalArgumentException, never another exception.
    for (int length = 0; length < good.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(good, length);
      assertThatThrownBy(() -> read(Image.TYPE, cut, ByteOrder.LITTLE_ENDIAN))
          .as("image cut to %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class);
    }
    // A data length of 2^31: refused by the bound before any allocation.
    byte[] huge = good.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(good.length - 16, 0x8000_0000);
    assertThatThrownBy(() -> read(Image.TYPE, huge, ByteOrder.LITTLE_ENDIAN))
        .hasMessage(
            "data length 2147483648 is over the type's bound of " + Image.DEFAULT_MAX_DATA_BYTES);
    // A string without its NUL.
    byte[] noNul = good.clone();
    noNul[12 + 3] = 'x';
    assertThatThrownBy(() -> read(Image.TYPE, noNul, ByteOrder.LITTLE_ENDIAN))
        .hasMessage("header.frame_id does not end with a NUL");
    // Nanoseconds over a second.
    byte[] badTime = good.clone();
    ByteBuffer.wrap(badTime).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1_000_000_000);
    assertThatThrownBy(() -> read(Image.TYPE, badTime, ByteOrder.LITTLE_ENDIAN))
        .hasMessage("header.stamp.nanosec 1000000000 is over 999999999");
  }

  @Test
  void messagesOverTheTypesBoundsAreRefusedWhenWritten() {
    Ros2MessageType<Image> small = Image.type(16);
    Image image = new Image(Header.of(0, ""), 3, 3, "rgb8", (byte) 0, 9, new byte[27]);
    assertThatThrownBy(() -> write(small, image))
        .hasMessage("sensor_msgs/msg/Image data has 27 bytes, the topic's bound is 16");
    assertThatThrownBy(() -> Image.type(0)).hasMessageContaining("got 0");
    Ros2MessageType<Float32MultiArray> four = Float32MultiArray.type(4);
    assertThatThrownBy(() -> write(four, Float32MultiArray.vector("z", new float[5])))
        .hasMessageContaining("5 values, the topic's bounds are 16 and 4");
    String longFrame = "f".repeat(Header.MAX_FRAME_ID_BYTES + 1);
    assertThatThrownBy(
            () ->
                write(
                    TwistStamped.TYPE,
                    new TwistStamped(Header.of(0, longFrame), Vector3.ZERO, Vector3.ZERO)))
        .hasMessage("header.frame_id has 256 UTF-8 bytes, the type's bound is 255");
  }

  @Test
  void theWorstCaseMessageFitsTheDeclaredBound() {
    Ros2MessageType<Image> type = Image.type(1000);
    Image image =
        new Image(
            Header.of(0, "é".repeat(Header.MAX_FRAME_ID_BYTES / 2) + "a"),
            1,
            1,
            "e".repeat(Image.MAX_ENCODING_BYTES),
            (byte) 1,
            1,
            new byte[1000]);
    assertThat(write(type, image).length).isLessThanOrEqualTo(type.maxSerializedBytes());
    List<MultiArrayDimension> dims =
        java.util.Collections.nCopies(
            Float32MultiArray.MAX_DIMENSIONS,
            new MultiArrayDimension("l".repeat(Float32MultiArray.MAX_LABEL_BYTES), 1, 1));
    Ros2MessageType<Float32MultiArray> arrays = Float32MultiArray.type(10);
    assertThat(write(arrays, new Float32MultiArray(dims, 0, new float[10])).length)
        .isLessThanOrEqualTo(arrays.maxSerializedBytes());
  }

  @Test
  void aCompressedImageAndAStringHaveRos2sByteLayout() {
    // stamp (1, 2), frame "c" (length 2 with the NUL), 2 bytes of padding to offset 16, format
    // "png" (length 4 with the NUL), data count 3, the bytes.
    CompressedImage image =
        new CompressedImage(new Header(new Time(1, 2), "c"), "png", new byte[] {7, 8, 9});
    assertThat(HexFormat.of().formatHex(write(CompressedImage.TYPE, image)))
        .isEqualTo(
            "01000000"
                + "02000000"
                + "02000000"
                + "6300"
                + "0000"
                + "04000000"
                + "706e6700"
                + "03000000"
                + "070809");
    assertThat(HexFormat.of().formatHex(write(StringMessage.TYPE, new StringMessage("end"))))
        .isEqualTo("04000000" + "656e6400");
    assertThat(CompressedImage.TYPE.ddsTypeName())
        .isEqualTo("sensor_msgs::msg::dds_::CompressedImage_");
    assertThat(StringMessage.TYPE.ddsTypeName()).isEqualTo("std_msgs::msg::dds_::String_");
    CompressedImage back =
        read(CompressedImage.TYPE, write(CompressedImage.TYPE, image), ByteOrder.LITTLE_ENDIAN);
    assertThat(back.header()).isEqualTo(image.header());
    assertThat(back.format()).isEqualTo("png");
    assertThat(back.data()).containsExactly(7, 8, 9);
    assertThat(
            read(
                StringMessage.TYPE,
                write(StringMessage.TYPE, new StringMessage("end")),
                ByteOrder.LITTLE_ENDIAN))
        .isEqualTo(new StringMessage("end"));
    // Three data bytes announced, one present.
    byte[] truncated = write(CompressedImage.TYPE, image);
    assertThatThrownBy(
            () ->
                read(
                    CompressedImage.TYPE,
                    java.util.Arrays.copyOf(truncated, truncated.length - 2),
                    ByteOrder.LITTLE_ENDIAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data");
  }
}
