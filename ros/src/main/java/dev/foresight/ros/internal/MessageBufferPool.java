package dev.foresight.ros.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.util.ArrayDeque;

/**
 * Recycles the direct buffers serialised messages are written to. A published message's buffer is
 * shared by every subscriber connection and comes back here when the last one has written or
 * dropped it, so a camera stream reuses a handful of ~1 MB buffers instead of allocating (and
 * faulting in) fresh memory for every frame. Holds at most {@code maxBuffers} idle buffers.
 */
public final class MessageBufferPool {
  private static final int GRANULE = 64 << 10;

  private final int maxBuffers;
  private final ArrayDeque<RecycledBuffer> idle = new ArrayDeque<>(); // guarded by this

  /**
   * @param maxBuffers most idle buffers kept, at least 1
   */
  public MessageBufferPool(int maxBuffers) {
    if (maxBuffers < 1) {
      throw new IllegalArgumentException("maxBuffers must be at least 1, got " + maxBuffers);
    }
    this.maxBuffers = maxBuffers;
  }

  /** A cleared buffer with reference count 1 and at least {@code capacity} bytes. Any thread. */
  public ByteBuf acquire(int capacity) {
    RecycledBuffer buffer = null;
    synchronized (this) {
      for (var iterator = idle.iterator(); iterator.hasNext(); ) {
        RecycledBuffer candidate = iterator.next();
        if (candidate.capacity() >= capacity) {
          iterator.remove();
          buffer = candidate;
          break;
        }
      }
    }
    if (buffer == null) {
      int rounded =
          (int)
              Math.min(Integer.MAX_VALUE - 8, ((long) capacity + GRANULE - 1) / GRANULE * GRANULE);
      return new RecycledBuffer(this, Math.max(capacity, rounded));
    }
    buffer.reuse();
    return buffer;
  }

  /** Idle buffers held now. */
  public synchronized int idleCount() {
    return idle.size();
  }

  /** Frees every idle buffer. */
  public void clear() {
    synchronized (this) {
      while (!idle.isEmpty()) {
        idle.poll().destroy();
      }
    }
  }

  private void recycle(RecycledBuffer buffer) {
    RecycledBuffer evicted = null;
    synchronized (this) {
      idle.addFirst(buffer);
      if (idle.size() > maxBuffers) {
        evicted = idle.pollLast();
      }
    }
    if (evicted != null) {
      evicted.destroy();
    }
  }

  /** A direct buffer that returns to its pool instead of being freed when released. */
  private static final class RecycledBuffer extends UnpooledDirectByteBuf {
    private final MessageBufferPool pool;

    RecycledBuffer(MessageBufferPool pool, int capacity) {
      super(UnpooledByteBufAllocator.DEFAULT, capacity, capacity);
      this.pool = pool;
    }

    void reuse() {
      setRefCnt(1);
      clear();
    }

    @Override
    protected void deallocate() {
      pool.recycle(this);
    }

    void destroy() {
      super.deallocate();
    }
  }
}
