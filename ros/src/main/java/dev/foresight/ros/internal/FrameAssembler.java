package dev.foresight.ros.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits a TCPROS stream into frames (4-byte little-endian length, then the payload) by copying
 * each payload once into a buffer this connection reuses, so large messages cost no allocation and
 * no re-copying of partial reads. Each frame is passed on as a retained slice and must be handled
 * (and released) before the next read; a frame longer than {@code maxFrameBytes} fails the channel
 * with a {@link TooLongFrameException}.
 */
public final class FrameAssembler extends ChannelInboundHandlerAdapter {
  private final int maxFrameBytes;
  private final ByteBuf lengthBytes = Unpooled.buffer(4, 4);
  private ByteBuf frame = Unpooled.EMPTY_BUFFER;
  private int expected = -1;
  private boolean failed;

  /**
   * @param maxFrameBytes largest payload accepted
   */
  public FrameAssembler(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
    if (!(message instanceof ByteBuf in)) {
      context.fireChannelRead(message);
      return;
    }
    try {
      while (in.isReadable() && !failed) {
        if (expected < 0) {
          lengthBytes.writeBytes(in, Math.min(4 - lengthBytes.readableBytes(), in.readableBytes()));
          if (lengthBytes.readableBytes() < 4) {
            break;
          }
          long length = lengthBytes.readUnsignedIntLE();
          lengthBytes.clear();
          if (length > maxFrameBytes) {
            failed = true;
            context.fireExceptionCaught(
                new TooLongFrameException(
                    "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes));
            return;
          }
          expected = (int) length;
          if (frame.refCnt() != 1 || frame.capacity() < expected) {
            frame.release();
            frame = Unpooled.buffer(expected);
          }
          frame.clear();
        }
        frame.writeBytes(in, Math.min(expected - frame.readableBytes(), in.readableBytes()));
        if (frame.readableBytes() == expected) {
          expected = -1;
          context.fireChannelRead(frame.retainedSlice());
        }
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    frame.release();
    frame = Unpooled.EMPTY_BUFFER;
    lengthBytes.release();
  }
}
