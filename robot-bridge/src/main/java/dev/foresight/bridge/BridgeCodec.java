package dev.foresight.bridge;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.foresight.bridge.v1.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.util.List;

/**
 * Wire format of the bridge: a 4-byte big-endian length, then one serialised {@link Envelope} of at
 * most {@link #MAX_FRAME_BYTES}. Framing and parsing are separate handlers with fixed names.
 */
public final class BridgeCodec {
  /** Largest frame accepted, bytes; longer ones close the connection. */
  public static final int MAX_FRAME_BYTES = 1 << 20;

  /** Length prefix size, bytes. */
  public static final int LENGTH_FIELD_BYTES = 4;

  /** Pipeline name of the TLS handler, when TLS is on. */
  public static final String TLS = "tls";

  /** Pipeline name of the idle detector (heartbeats, dead peers). */
  public static final String IDLE = "idle";

  /** Pipeline name of the length-prefix frame decoder. */
  public static final String FRAME_DECODER = "frameDecoder";

  /** Pipeline name of the length-prefix writer. */
  public static final String FRAME_ENCODER = "frameEncoder";

  /** Pipeline name of the protobuf parser. */
  public static final String ENVELOPE_DECODER = "envelopeDecoder";

  /** Pipeline name of the protobuf writer. */
  public static final String ENVELOPE_ENCODER = "envelopeEncoder";

  /** Pipeline name of the session logic (agent or client). */
  public static final String SESSION = "session";

  private static final EnvelopeEncoder ENCODER = new EnvelopeEncoder();
  private static final LengthFieldPrepender PREPENDER =
      new LengthFieldPrepender(LENGTH_FIELD_BYTES);

  private BridgeCodec() {}

  /** Adds framing and protobuf handlers at the end of {@code pipeline}. */
  public static void addCodec(ChannelPipeline pipeline) {
    pipeline.addLast(FRAME_DECODER, newFrameDecoder());
    pipeline.addLast(FRAME_ENCODER, PREPENDER);
    pipeline.addLast(ENVELOPE_DECODER, new EnvelopeDecoder());
    pipeline.addLast(ENVELOPE_ENCODER, ENCODER);
  }

  /** A frame decoder for 4-byte length prefixes, capped at 1 MiB, failing as soon as it can. */
  public static LengthFieldBasedFrameDecoder newFrameDecoder() {
    return new LengthFieldBasedFrameDecoder(
        MAX_FRAME_BYTES, 0, LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES, true);
  }

  /** Parses one frame into an {@link Envelope}; a frame that does not parse is corrupt. */
  static final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {
    EnvelopeDecoder() {
      super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
      int length = frame.readableBytes();
      try {
        // Parse straight from the frame's memory: a stream wrapper would allocate a 4 KiB
        // buffer per message.
        Envelope envelope;
        if (frame.hasArray()) {
          envelope =
              Envelope.parseFrom(
                  CodedInputStream.newInstance(
                      frame.array(), frame.arrayOffset() + frame.readerIndex(), length));
        } else if (frame.nioBufferCount() == 1) {
          envelope = Envelope.parseFrom(frame.nioBuffer(frame.readerIndex(), length));
        } else {
          envelope = Envelope.parseFrom(ByteBufUtil.getBytes(frame));
        }
        frame.skipBytes(length);
        out.add(envelope);
      } catch (IOException e) {
        throw new CorruptedFrameException(
            "frame of "
                + length
                + " bytes is not a foresight.bridge.v1.Envelope ("
                + e.getMessage()
                + ")",
            e);
      }
    }
  }

  /** Serialises an {@link Envelope} into a pooled buffer. */
  @Sharable
  static final class EnvelopeEncoder extends MessageToByteEncoder<Envelope> {
    EnvelopeEncoder() {
      super(Envelope.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Envelope message, ByteBuf out)
        throws IOException {
      int size = message.getSerializedSize();
      out.ensureWritable(size);
      if (out.nioBufferCount() == 1) {
        // Serialise straight into the buffer's memory; a stream wrapper allocates per message.
        CodedOutputStream coded =
            CodedOutputStream.newInstance(out.nioBuffer(out.writerIndex(), size));
        message.writeTo(coded);
        coded.flush();
        out.writerIndex(out.writerIndex() + size);
      } else {
        message.writeTo(new ByteBufOutputStream(out));
      }
    }
  }
}
