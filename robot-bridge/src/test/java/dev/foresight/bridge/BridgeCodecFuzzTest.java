package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.testsupport.FuzzChecks;
import dev.foresight.testsupport.TrackingByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzzes the bridge's receive path, the length-prefix frame decoder and the protobuf envelope
 * decoder of {@link BridgeCodec}, on an {@link EmbeddedChannel} fed the input in fragments. The
 * pipeline either yields envelopes or fails with a {@link DecoderException} of one line naming the
 * frame, which closes a real connection; nothing else escapes, every buffer is released, feeding
 * the bytes in one piece or in fragments gives the same envelopes and the same failure, and every
 * envelope decoded survives encoding and decoding again.
 *
 * <p>The first input byte chooses the fragmentation (fragments of 1 to that byte plus one bytes,
 * direct buffers when its high bit is set); the rest is the byte stream a peer sent. In the build
 * the target runs over its stored inputs in {@code BridgeCodecFuzzTestInputs}; {@code
 * scripts/fuzz.sh} fuzzes it.
 */
class BridgeCodecFuzzTest {
  /**
   * Feeding one-byte fragments costs a buffer object per byte, and each empty frame an envelope: a
   * few hundred bytes per input byte, far below the megabyte a frame decoder that reserved the
   * declared length would take.
   */
  private static final long BUDGET_BYTES = 256 * 1024;

  private static final long BUDGET_BYTES_PER_INPUT_BYTE = 512;

  private final TrackingByteBufAllocator allocator = new TrackingByteBufAllocator();

  @FuzzTest
  void decodeFrames(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int fragmentation = input[0] & 0xff;
    Outcome[] outcomes =
        FuzzChecks.withinAllocationBudget(
            BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * input.length,
            "decoding " + (input.length - 1) + " bytes twice",
            () ->
                new Outcome[] {
                  decode(input, 1, Integer.MAX_VALUE, fragmentation),
                  decode(input, 1, 1 + (fragmentation & 0x7f), fragmentation)
                });
    Outcome whole = outcomes[0];
    Outcome fragmented = outcomes[1];
    assertThat(fragmented.envelopes).isEqualTo(whole.envelopes);
    assertThat(fragmented.failure == null ? null : fragmented.failure.getClass())
        .as("failure in fragments versus in one piece")
        .isEqualTo(whole.failure == null ? null : whole.failure.getClass());
    if (whole.failure != null) {
      assertThat(whole.failure).isInstanceOf(DecoderException.class);
      FuzzChecks.assertOneLineError(whole.failure, "frame");
    }
    for (Envelope envelope : whole.envelopes) {
      assertThat(roundTrip(envelope)).isEqualTo(envelope);
    }
    allocator.assertAllReleased("decoding " + (input.length - 1) + " bytes");
  }

  /** Feeds {@code input[from..]} in fragments of 1 to {@code maxFragment} bytes. */
  private Outcome decode(byte[] input, int from, int maxFragment, int seed) {
    Outcome outcome = new Outcome();
    EmbeddedChannel channel = newChannel();
    channel.pipeline().addLast(outcome);
    SplittableRandom random = new SplittableRandom(seed);
    boolean direct = (seed & 0x80) != 0;
    try {
      for (int at = from; at < input.length && outcome.failure == null; ) {
        int length = Math.min(input.length - at, 1 + random.nextInt(Math.max(1, maxFragment)));
        ByteBuf fragment = direct ? allocator.directBuffer(length) : allocator.heapBuffer(length);
        fragment.writeBytes(input, at, length);
        at += length;
        channel.writeInbound(fragment);
      }
    } finally {
      channel.finishAndReleaseAll();
    }
    return outcome;
  }

  private Envelope roundTrip(Envelope envelope) {
    EmbeddedChannel channel = newChannel();
    try {
      assertThat(channel.writeOutbound(envelope)).isTrue();
      for (ByteBuf encoded = channel.readOutbound();
          encoded != null;
          encoded = channel.readOutbound()) {
        channel.writeInbound(encoded);
      }
      List<Envelope> decoded = new ArrayList<>();
      drain(channel, decoded);
      assertThat(decoded).hasSize(1);
      return decoded.get(0);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private EmbeddedChannel newChannel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setAllocator(allocator);
    BridgeCodec.addCodec(channel.pipeline());
    return channel;
  }

  private static void drain(EmbeddedChannel channel, List<Envelope> into) {
    for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
      into.add((Envelope) message);
    }
  }

  /**
   * The session's view: envelopes in order until the first failure, which on a real connection
   * closes it.
   */
  private static final class Outcome extends ChannelInboundHandlerAdapter {
    final List<Envelope> envelopes = new ArrayList<>();
    Throwable failure;

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      if (failure == null) {
        envelopes.add((Envelope) message);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      if (failure == null) {
        failure = cause;
      }
    }
  }
}
