package dev.foresight.ros.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {
  @Test
  void reassemblesFramesFromFragmentsOfAnySize() {
    Random random = new Random(42);
    ByteBuf stream = Unpooled.buffer();
    for (int i = 0; i < 20; i++) {
      byte[] payload = new byte[random.nextInt(5000)];
      random.nextBytes(payload);
      payload[0 % Math.max(1, payload.length)] = payload.length == 0 ? 0 : (byte) i;
      stream.writeIntLE(payload.length).writeBytes(payload);
    }
    byte[] all = new byte[stream.readableBytes()];
    stream.getBytes(0, all);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameAssembler(1 << 20));
    int offset = 0;
    int frames = 0;
    int index = 0;
    while (offset < all.length) {
      int piece = Math.min(all.length - offset, 1 + random.nextInt(700));
      channel.writeInbound(Unpooled.wrappedBuffer(all, offset, piece));
      offset += piece;
      ByteBuf frame;
      while ((frame = channel.readInbound()) != null) {
        int length = stream.getIntLE(index);
        assertThat(frame.readableBytes()).isEqualTo(length);
        assertThat(frame).isEqualTo(stream.slice(index + 4, length));
        index += 4 + length;
        frame.release();
        frames++;
      }
    }
    assertThat(frames).isEqualTo(20);
    stream.release();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void oversizedFrameFailsTheChannel() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameAssembler(1000));
    ByteBuf big = Unpooled.buffer().writeIntLE(1001).writeBytes(new byte[10]);
    assertThatThrownBy(() -> channel.writeInbound(big))
        .isInstanceOf(TooLongFrameException.class)
        .hasMessageContaining("1001 bytes exceeds the limit of 1000");
    channel.finishAndReleaseAll();
  }

  @Test
  void memoryFollowsTheBytesThatArriveNotTheDeclaredLength() {
    FrameAssembler assembler = new FrameAssembler(64 << 20);
    EmbeddedChannel channel = new EmbeddedChannel(assembler);
    // Declares 64 MiB - 1 and sends 4 bytes of it.
    channel.writeInbound(Unpooled.buffer().writeIntLE((64 << 20) - 1).writeBytes(new byte[4]));
    assertThat(assembler.bufferCapacity()).isLessThanOrEqualTo(FrameAssembler.INITIAL_CAPACITY);
    // It grows with what arrives: 1 MiB in, at most 2 MiB held.
    for (int i = 0; i < 16; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[64 << 10]));
    }
    assertThat(assembler.bufferCapacity()).isBetween(1 << 20, 2 << 20);
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void imageSizedFramesReuseOneBufferAndAHugeOneIsGivenBack() {
    FrameAssembler assembler = new FrameAssembler(64 << 20);
    EmbeddedChannel channel = new EmbeddedChannel(assembler);
    int imageBytes = 640 * 480 * 3 + 46;
    int capacity = -1;
    for (int i = 0; i < 5; i++) {
      byte[] payload = new byte[imageBytes];
      payload[imageBytes - 1] = (byte) i;
      // Arrives in 64 KiB reads, as from the socket.
      ByteBuf stream = Unpooled.buffer().writeIntLE(imageBytes).writeBytes(payload);
      while (stream.isReadable()) {
        channel.writeInbound(stream.readRetainedSlice(Math.min(64 << 10, stream.readableBytes())));
      }
      stream.release();
      ByteBuf frame = channel.readInbound();
      assertThat(frame.readableBytes()).isEqualTo(imageBytes);
      assertThat(frame.getByte(imageBytes - 1)).isEqualTo((byte) i);
      frame.release();
      if (i == 0) {
        capacity = assembler.bufferCapacity();
      }
      assertThat(assembler.bufferCapacity()).as("frame %d", i).isEqualTo(capacity);
    }
    assertThat(capacity).isEqualTo(imageBytes);
    channel.writeInbound(Unpooled.buffer().writeIntLE(100).writeBytes(new byte[100]));
    ((ByteBuf) channel.readInbound()).release();
    assertThat(assembler.bufferCapacity()).isLessThanOrEqualTo(FrameAssembler.INITIAL_CAPACITY);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void theConnectionHeaderHasItsOwnSmallerLimit() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameAssembler(1000, 1 << 20));
    ByteBuf header = Unpooled.buffer().writeIntLE(1001).writeBytes(new byte[10]);
    assertThatThrownBy(() -> channel.writeInbound(header))
        .isInstanceOf(TooLongFrameException.class)
        .hasMessageContaining("1001 bytes exceeds the limit of 1000");
    channel.finishAndReleaseAll();
    EmbeddedChannel ok = new EmbeddedChannel(new FrameAssembler(1000, 1 << 20));
    ok.writeInbound(Unpooled.buffer().writeIntLE(10).writeBytes(new byte[10]));
    ok.writeInbound(Unpooled.buffer().writeIntLE(5000).writeBytes(new byte[5000]));
    ByteBuf first = ok.readInbound();
    ByteBuf second = ok.readInbound();
    assertThat(first.readableBytes()).isEqualTo(10);
    assertThat(second.readableBytes()).isEqualTo(5000);
    first.release();
    second.release();
    assertThat(ok.finishAndReleaseAll()).isFalse();
  }

  @Test
  void connectionHeaderRoundTripsAndRejectsGarbage() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("callerid", "/a");
    fields.put("message_definition", "string data\nint32 x=1\n");
    ByteBuf encoded = ConnectionHeader.encode(Unpooled.buffer().alloc(), fields);
    try {
      assertThat(encoded.readIntLE()).isEqualTo(encoded.readableBytes());
      assertThat(ConnectionHeader.decode(encoded)).isEqualTo(fields);
    } finally {
      encoded.release();
    }
    ByteBuf noEquals =
        Unpooled.buffer().writeIntLE(3).writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> ConnectionHeader.decode(noEquals))
        .hasMessageContaining("'abc' is not key=value");
    noEquals.release();
  }

  @Test
  void bufferPoolRecyclesReleasedBuffers() {
    MessageBufferPool pool = new MessageBufferPool(2);
    ByteBuf first = pool.acquire(100_000);
    first.writeInt(7);
    ByteBuf duplicate = first.retainedDuplicate();
    first.release();
    assertThat(pool.idleCount()).isZero();
    duplicate.release();
    assertThat(pool.idleCount()).isEqualTo(1);
    ByteBuf again = pool.acquire(50_000);
    assertThat(again).isSameAs(first);
    assertThat(again.refCnt()).isEqualTo(1);
    assertThat(again.readableBytes()).isZero();
    again.release();
    pool.clear();
    assertThat(pool.idleCount()).isZero();
  }
}
