package dev.foresight.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's length-prefix frame decoder (1 MiB cap, as {@link BridgeCodec#newFrameDecoder()})
 * with an absolute deadline per frame: once the first byte of a frame has arrived, the rest must
 * arrive within {@code frameTimeoutNanos}, or {@link FrameTimeoutException} closes the connection.
 * A client that trickles one byte at a time therefore cannot keep a partial frame buffered, however
 * often its bytes reset an idle timer.
 */
final class DeadlineFrameDecoder extends LengthFieldBasedFrameDecoder {
  /** A frame did not arrive whole within its deadline. */
  static final class FrameTimeoutException extends DecoderException {
    private static final long serialVersionUID = 1L;

    FrameTimeoutException(String message) {
      super(message);
    }
  }

  private final long frameTimeoutNanos;

  /** When the pending partial frame began, ns; 0 while none is pending. */
  private long partialSinceNanos;

  /**
   * Counts partial frames, so a deadline check knows whether its frame is still the pending one.
   */
  private long partialCount;

  DeadlineFrameDecoder(long frameTimeoutNanos) {
    super(
        BridgeCodec.MAX_FRAME_BYTES,
        0,
        BridgeCodec.LENGTH_FIELD_BYTES,
        0,
        BridgeCodec.LENGTH_FIELD_BYTES,
        true);
    this.frameTimeoutNanos = frameTimeoutNanos;
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    Object frame = super.decode(ctx, in);
    if (frame != null || !in.isReadable()) {
      partialSinceNanos = 0;
      return frame;
    }
    long now = System.nanoTime();
    if (partialSinceNanos == 0) {
      partialSinceNanos = now;
      long frameNumber = ++partialCount;
      ctx.executor()
          .schedule(() -> checkDeadline(ctx, frameNumber), frameTimeoutNanos, TimeUnit.NANOSECONDS);
    } else if (now - partialSinceNanos > frameTimeoutNanos) {
      throw tooSlow(now);
    }
    return null;
  }

  private void checkDeadline(ChannelHandlerContext ctx, long frameNumber) {
    if (partialSinceNanos != 0 && partialCount == frameNumber && ctx.channel().isActive()) {
      ctx.fireExceptionCaught(tooSlow(System.nanoTime()));
    }
  }

  private FrameTimeoutException tooSlow(long now) {
    return new FrameTimeoutException(
        "a frame did not arrive whole within "
            + frameTimeoutNanos / 1_000_000
            + " ms of its first byte ("
            + (now - partialSinceNanos) / 1_000_000
            + " ms so far)");
  }
}
