package dev.foresight.ros.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits a TCPROS stream into frames (4-byte little-endian length, then the payload) by copying
 * each payload once into a buffer this connection reuses, so a stream of large messages costs no
 * allocation once the buffer has grown to the message size. The buffer grows with the bytes that
 * actually arrive (doubling, never beyond the declared length), not with the length a peer
 * declares: a peer that announces a huge frame and sends little costs little. Each frame is passed
 * on as a retained slice and must be handled (and released) before the next read; a frame longer
 * than the limit fails the channel with a {@link TooLongFrameException}. The first frame (the
 * connection header) has its own, smaller limit.
 */
public final class FrameAssembler extends ChannelInboundHandlerAdapter {
  /** Capacity the buffer starts with, bytes; it doubles as a frame's bytes arrive. */
  static final int INITIAL_CAPACITY = 64 << 10;

  private final int maxFirstFrameBytes;
  private final int maxFrameBytes;
  private final ByteBuf lengthBytes = Unpooled.buffer(4, 4);
  private ByteBuf frame = Unpooled.EMPTY_BUFFER;
  private int expected = -1;
  private boolean first = true;
  private boolean failed;

  /**
   * @param maxFrameBytes largest payload accepted, the first frame included
   */
  public FrameAssembler(int maxFrameBytes) {
    this(maxFrameBytes, maxFrameBytes);
  }

  /**
   * @param maxFirstFrameBytes largest first payload accepted (the connection header)
   * @param maxFrameBytes largest payload accepted after the first
   */
  public FrameAssembler(int maxFirstFrameBytes, int maxFrameBytes) {
    this.maxFirstFrameBytes = maxFirstFrameBytes;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Capacity of the reassembly buffer now, bytes (what this connection holds). */
  int bufferCapacity() {
    return frame.capacity();
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
          int limit = first ? maxFirstFrameBytes : maxFrameBytes;
          if (length > limit) {
            failed = true;
            context.fireExceptionCaught(
                new TooLongFrameException(
                    "frame of " + length + " bytes exceeds the limit of " + limit));
            return;
          }
          first = false;
          expected = (int) length;
          startFrame();
        }
        int take = Math.min(expected - frame.readableBytes(), in.readableBytes());
        ensureWritable(take);
        frame.writeBytes(in, take);
        if (frame.readableBytes() == expected) {
          expected = -1;
          context.fireChannelRead(frame.retainedSlice());
        }
      }
    } finally {
      in.release();
    }
  }

  /** Readies the buffer for a frame of {@code expected} bytes without reserving them yet. */
  private void startFrame() {
    boolean shared = frame.refCnt() != 1;
    // A buffer far larger than this frame (one huge message earlier) is given back.
    boolean oversized =
        frame.capacity() > INITIAL_CAPACITY && frame.capacity() / 4 > Math.max(expected, 1);
    if (shared || oversized) {
      frame.release();
      frame = Unpooled.EMPTY_BUFFER;
    }
    frame.clear();
  }

  /** Grows the buffer to hold {@code more} bytes: doubling, at most to the frame's length. */
  private void ensureWritable(int more) {
    int needed = frame.writerIndex() + more;
    if (needed <= frame.capacity()) {
      return;
    }
    long doubled = Math.max(INITIAL_CAPACITY, 2L * frame.capacity());
    int capacity = (int) Math.min(expected, Math.max(needed, doubled));
    ByteBuf bigger = Unpooled.buffer(capacity, capacity);
    bigger.writeBytes(frame);
    frame.release();
    frame = bigger;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    frame.release();
    frame = Unpooled.EMPTY_BUFFER;
    lengthBytes.release();
  }
}
