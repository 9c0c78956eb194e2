package dev.foresight.ros.bag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.ros.tools.RosTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bags written by ROS's own rosbag library (Debian's python3 running {@code write_bag.py}), with
 * the messages that script records at step {@code i}.
 */
final class BagFixtures {
  static final String CAMERA = "/camera/image_raw";
  static final String POSE = "/arm/pose";
  static final String JOINTS = "/joint_states";
  static final long BASE_NANOS = 1_700_000_000L * 1_000_000_000L;
  static final long STEP_NANOS = 100_000_000L;

  private BagFixtures() {}

  /**
   * Writes a bag of {@code count} steps.
   *
   * @param compression none, bz2 or lz4
   * @param chunkThresholdBytes uncompressed bytes after which rosbag closes a chunk
   * @param closed false to leave the bag as a killed recording does (no index)
   */
  static Path write(
      Path dir, String compression, int count, int chunkThresholdBytes, boolean closed)
      throws IOException, InterruptedException {
    assertThat(RosTools.missingToolsMessage()).as("ROS tools").isNull();
    Path script = dir.resolve("write_bag.py");
    if (!Files.exists(script)) {
      try (InputStream in = BagFixtures.class.getResourceAsStream("write_bag.py")) {
        Files.write(script, in.readAllBytes());
      }
    }
    Path bag = dir.resolve(compression + "-" + count + (closed ? "" : "-unclosed") + ".bag");
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                RosTools.SYSTEM_PYTHON.toString(),
                script.toString(),
                bag.toString(),
                compression,
                Integer.toString(count),
                Integer.toString(chunkThresholdBytes),
                closed ? "closed" : "unclosed"));
    builder.environment().remove("PYTHONPATH");
    builder.environment().remove("PYTHONHOME");
    builder.environment().put("ROS_HOME", dir.resolve("ros_home").toString());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("write_bag.py finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return bag;
  }

  /** Receive time of the message on {@code topic} at step {@code i}. */
  static long timeNanos(String topic, int i) {
    long offsetMillis = topic.equals(CAMERA) ? 0 : topic.equals(POSE) ? 30 : 60;
    return BASE_NANOS + i * STEP_NANOS + offsetMillis * 1_000_000L;
  }

  /** The image bytes at step {@code i}. */
  static byte[] imageData(int i) {
    byte[] data = new byte[36];
    for (int k = 0; k < data.length; k++) {
      data[k] = (byte) ((7 * i + k) % 256);
    }
    return data;
  }

  /** Offset of the first record after the bag header. */
  static int firstRecordAfterHeader(byte[] bag) {
    int at = BagCatalog.MAGIC.length();
    int headerLength = (int) RecordHeader.uint32(bag, at);
    int dataLength = (int) RecordHeader.uint32(bag, at + 4 + headerLength);
    return at + 4 + headerLength + 4 + dataLength;
  }
}
