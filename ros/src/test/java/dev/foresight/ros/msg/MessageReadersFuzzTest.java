package dev.foresight.ros.msg;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.testsupport.FuzzChecks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the reader of every ROS message type with arbitrary bytes. A reader either returns a
 * message or throws an {@link IllegalArgumentException} of one line naming the type; nothing else
 * escapes, and it allocates in proportion to the bytes it was given, not to the lengths they
 * declare. A message it returns survives a round trip: written and read again it is the same
 * message, and written it gives back the bytes it was read from unless a string held malformed
 * UTF-8.
 *
 * <p>In the build each target runs over its stored inputs in {@code MessageReadersFuzzTestInputs};
 * {@code scripts/fuzz.sh} fuzzes them.
 */
class MessageReadersFuzzTest {
  /** Fixed allowance per input (the message objects' headers), then per input byte. */
  private static final long BUDGET_BYTES = 64 * 1024;

  private static final long BUDGET_BYTES_PER_INPUT_BYTE = 16;

  /** Fuzz target name → the type it reads. */
  private static final Map<String, MessageType<?>> TARGETS =
      Map.ofEntries(
          Map.entry("header", Header.TYPE),
          Map.entry("string", StringMessage.TYPE),
          Map.entry("float32", Float32Message.TYPE),
          Map.entry("float32MultiArray", Float32MultiArray.TYPE),
          Map.entry("image", ImageMessage.TYPE),
          Map.entry("compressedImage", CompressedImage.TYPE),
          Map.entry("jointState", JointState.TYPE),
          Map.entry("pose", PoseMessage.TYPE),
          Map.entry("poseStamped", PoseStamped.TYPE),
          Map.entry("twist", Twist.TYPE),
          Map.entry("twistStamped", TwistStamped.TYPE),
          Map.entry("jointTrajectory", JointTrajectory.TYPE));

  private static final byte[] REPLACEMENT_CHARACTER_UTF8 = {(byte) 0xef, (byte) 0xbf, (byte) 0xbd};

  @FuzzTest
  void header(byte[] input) {
    readAndRoundTrip("header", input);
  }

  @FuzzTest
  void string(byte[] input) {
    readAndRoundTrip("string", input);
  }

  @FuzzTest
  void float32(byte[] input) {
    readAndRoundTrip("float32", input);
  }

  @FuzzTest
  void float32MultiArray(byte[] input) {
    readAndRoundTrip("float32MultiArray", input);
  }

  @FuzzTest
  void image(byte[] input) {
    readAndRoundTrip("image", input);
  }

  @FuzzTest
  void compressedImage(byte[] input) {
    readAndRoundTrip("compressedImage", input);
  }

  @FuzzTest
  void jointState(byte[] input) {
    readAndRoundTrip("jointState", input);
  }

  @FuzzTest
  void pose(byte[] input) {
    readAndRoundTrip("pose", input);
  }

  @FuzzTest
  void poseStamped(byte[] input) {
    readAndRoundTrip("poseStamped", input);
  }

  @FuzzTest
  void twist(byte[] input) {
    readAndRoundTrip("twist", input);
  }

  @FuzzTest
  void twistStamped(byte[] input) {
    readAndRoundTrip("twistStamped", input);
  }

  @FuzzTest
  void jointTrajectory(byte[] input) {
    readAndRoundTrip("jointTrajectory", input);
  }

  @Test
  void everyMessageTypeHasAFuzzTarget() {
    Set<String> fuzzTargets = new HashSet<>();
    for (Method method : getClass().getDeclaredMethods()) {
      if (method.isAnnotationPresent(FuzzTest.class)) {
        fuzzTargets.add(method.getName());
      }
    }
    assertThat(fuzzTargets).isEqualTo(TARGETS.keySet());
    assertThat(new HashSet<>(TARGETS.values()))
        .containsExactlyInAnyOrderElementsOf(MessageTypes.ALL);
  }

  private static void readAndRoundTrip(String target, byte[] input) {
    MessageType<?> type = TARGETS.get(target);
    ByteBuf in = Unpooled.wrappedBuffer(input);
    Object message;
    try {
      message =
          FuzzChecks.withinAllocationBudget(
              BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * input.length,
              type.typeName() + " reader on " + input.length + " bytes",
              () -> type.read(in.readerIndex(0)));
    } catch (IllegalArgumentException e) {
      FuzzChecks.assertOneLineError(e, type.typeName());
      return;
    }
    assertThat(message).isInstanceOf(type.messageClass());
    byte[] written = write(type, message);
    byte[] read = Arrays.copyOf(input, in.readerIndex());
    if (!Arrays.equals(written, read)) {
      // Only a malformed UTF-8 string, read as U+FFFD, may change the bytes.
      assertThat(indexOf(written, REPLACEMENT_CHARACTER_UTF8))
          .as("%s written back differs from the bytes it was read from", type.typeName())
          .isNotNegative();
    }
    ByteBuf again = Unpooled.wrappedBuffer(written);
    Object reread = type.read(again);
    assertThat(again.isReadable()).as("bytes left after reading a written message").isFalse();
    assertThat(write(type, reread)).isEqualTo(written);
  }

  private static <T> byte[] write(MessageType<T> type, Object message) {
    T typed = type.messageClass().cast(message);
    byte[] bytes = new byte[type.serializedSize(typed)];
    ByteBuf out = Unpooled.wrappedBuffer(bytes).clear(); // cannot grow: a short size fails here
    type.write(typed, out);
    assertThat(out.writerIndex()).as("%s serializedSize", type.typeName()).isEqualTo(bytes.length);
    return bytes;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
