package dev.foresight.ros.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.testsupport.FuzzChecks;
import dev.foresight.testsupport.TrackingByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;

/**
 * Fuzzes the TCPROS connection header decoder with arbitrary header bodies (what is left once the
 * frame decoder stripped the total length). It either returns at most {@link
 * ConnectionHeader#MAX_FIELDS} fields or throws an {@link IllegalArgumentException} of one line
 * naming the connection header; fields it returns survive encoding and decoding again.
 *
 * <p>In the build the target runs over its stored inputs in {@code ConnectionHeaderFuzzTestInputs};
 * {@code scripts/fuzz.sh} fuzzes it.
 */
class ConnectionHeaderFuzzTest {
  private static final long BUDGET_BYTES = 64 * 1024;
  private static final long BUDGET_BYTES_PER_INPUT_BYTE = 16;

  private final TrackingByteBufAllocator allocator = new TrackingByteBufAllocator();

  @FuzzTest
  void decode(byte[] input) {
    Map<String, String> fields;
    try {
      fields =
          FuzzChecks.withinAllocationBudget(
              BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * input.length,
              "connection header of " + input.length + " bytes",
              () -> ConnectionHeader.decode(Unpooled.wrappedBuffer(input)));
    } catch (IllegalArgumentException e) {
      FuzzChecks.assertOneLineError(e, "connection header");
      return;
    }
    assertThat(fields.size()).isLessThanOrEqualTo(ConnectionHeader.MAX_FIELDS);

    ByteBuf encoded = ConnectionHeader.encode(allocator, fields);
    try {
      assertThat(encoded.readIntLE()).as("total length").isEqualTo(encoded.readableBytes());
      assertThat(ConnectionHeader.decode(encoded)).isEqualTo(fields);
    } finally {
      encoded.release();
    }
    allocator.assertAllReleased("encoding a decoded header");
  }
}
