package dev.foresight.ros.bag;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.testsupport.FuzzChecks;
import java.io.IOException;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Fuzzes the bag reader with arbitrary files: opening and reading every message of every topic
 * either succeeds or throws an {@link InvalidFileException} of one line naming the bag, and never
 * allocates much beyond the input and the limits, whatever lengths it declares. Messages it returns
 * lie inside the file's time range and their count matches the catalogue.
 *
 * <p>In the build the target runs over its stored inputs in {@code RosBagFuzzTestInputs} (small
 * bags written by rosbag with each compression, with and without index); {@code scripts/fuzz.sh}
 * fuzzes it.
 */
class RosBagFuzzTest {
  private static final String NAME = "fuzz.bag";
  private static final RosBag.Limits LIMITS = new RosBag.Limits(64 * 1024, 256 * 1024, 64);
  private static final long BUDGET_BYTES = 16L << 20;
  private static final long BUDGET_BYTES_PER_INPUT_BYTE = 64;

  @FuzzTest
  void read(byte[] input) throws IOException {
    long[] counts;
    try {
      counts =
          FuzzChecks.withinAllocationBudget(
              BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * input.length,
              "bag of " + input.length + " bytes",
              () -> readAll(input));
    } catch (InvalidFileException e) {
      FuzzChecks.assertOneLineError(e, NAME);
      return;
    }
    assertThat(counts[1]).as("messages read").isEqualTo(counts[0]);
  }

  /** {catalogued messages, messages read}. */
  private static long[] readAll(byte[] input) throws IOException {
    try (RosBag bag = RosBag.open(NAME, new SeekableInMemoryByteChannel(input), LIMITS)) {
      BagMessages messages = bag.messages(bag.topics());
      long read = 0;
      long last = Long.MIN_VALUE;
      for (BagMessage m = messages.next(); m != null; m = messages.next()) {
        assertThat((long) m.size()).isBetween(0L, LIMITS.maxChunkBytes());
        assertThat(m.timeNanos())
            .isBetween(m.connection().startTimeNanos(), m.connection().endTimeNanos());
        last = Math.max(last, m.timeNanos());
        read++;
      }
      return new long[] {bag.messageCount(), read};
    }
  }
}
