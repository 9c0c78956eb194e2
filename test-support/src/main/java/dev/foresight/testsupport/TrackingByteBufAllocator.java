package dev.foresight.testsupport;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * An unpooled allocator that knows which of its buffers are not yet released, for tests that must
 * check every buffer is released right after each input (a fuzz target, say), without waiting for
 * the garbage collector. Not thread-safe beyond what a single event loop needs.
 */
public final class TrackingByteBufAllocator extends AbstractByteBufAllocator {
  private final Set<ByteBuf> live = Collections.newSetFromMap(new IdentityHashMap<>());

  /** An allocator whose default buffers are heap buffers. */
  public TrackingByteBufAllocator() {
    super(false);
  }

  @Override
  protected synchronized ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf buffer =
        new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity) {
          @Override
          protected void deallocate() {
            released(this);
            super.deallocate();
          }
        };
    live.add(buffer);
    return buffer;
  }

  @Override
  protected synchronized ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf buffer =
        new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity) {
          @Override
          protected void deallocate() {
            released(this);
            super.deallocate();
          }
        };
    live.add(buffer);
    return buffer;
  }

  private synchronized void released(ByteBuf buffer) {
    live.remove(buffer);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** Buffers allocated and not yet released. */
  public synchronized int liveBuffers() {
    return live.size();
  }

  /**
   * Checks every buffer this allocator made has been released.
   *
   * @param context what was being done, for the message
   * @throws AssertionError naming how many buffers, of which capacities, are still live
   */
  public synchronized void assertAllReleased(String context) {
    if (!live.isEmpty()) {
      StringBuilder message =
          new StringBuilder()
              .append(live.size())
              .append(" buffer(s) not released after ")
              .append(context)
              .append(", capacities:");
      for (ByteBuf buffer : live) {
        message.append(' ').append(buffer.capacity()).append(" (refCnt ").append(buffer.refCnt());
        message.append(')');
      }
      throw new AssertionError(message.toString());
    }
  }
}
