package dev.foresight.view;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One browser's latest-value slots: the publisher overwrites them (an unsent value is dropped,
 * never queued), and the channel's event loop drains them only while the channel is writable, so a
 * browser that stops reading holds at most the socket's write buffer plus one update.
 */
final class ClientSlot {
  /** First byte of a binary message: what picture follows. */
  static final byte CAMERA = 0;

  static final byte GOAL = 1;

  private final Channel channel;
  private final AtomicReference<byte[]> goal = new AtomicReference<>();
  private final AtomicReference<byte[]> camera = new AtomicReference<>();
  private final AtomicReference<String> state = new AtomicReference<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();

  ClientSlot(Channel channel) {
    this.channel = channel;
  }

  Channel channel() {
    return channel;
  }

  /**
   * Offers the newest values (null: unchanged) and schedules a drain on the channel's event loop;
   * any thread, never blocks.
   */
  void offer(String stateJson, byte[] cameraPng, byte[] goalPng) {
    put(goal, goalPng);
    put(camera, cameraPng);
    put(state, stateJson);
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  private <T> void put(AtomicReference<T> slot, T value) {
    if (value != null && slot.getAndSet(value) != null) {
      dropped.incrementAndGet();
    }
  }

  /** Updates overwritten before this browser could take them. */
  long dropped() {
    return dropped.get();
  }

  /** Bytes written to the channel and not yet taken by the socket. */
  long pendingBytes() {
    var buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /** Sends what the slots hold while the channel is writable; on the channel's event loop. */
  void drain() {
    drainScheduled.set(false);
    if (!channel.isActive()) {
      return;
    }
    boolean wrote = false;
    wrote |= send(goal, GOAL);
    wrote |= send(camera, CAMERA);
    if (channel.isWritable()) {
      String json = state.getAndSet(null);
      if (json != null) {
        channel.write(new TextWebSocketFrame(json));
        wrote = true;
      }
    }
    if (wrote) {
      channel.flush();
    }
  }

  private boolean send(AtomicReference<byte[]> slot, byte kind) {
    if (!channel.isWritable()) {
      return false;
    }
    byte[] png = slot.getAndSet(null);
    if (png == null) {
      return false;
    }
    channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {kind}, png)));
    return true;
  }
}
