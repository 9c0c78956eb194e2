package dev.foresight.ros.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A server's budget of bytes held for requests and headers still being received. The last quarter
 * of the budget is kept for connections holding at most {@code smallRequestBytes}: a flood of large
 * requests cannot keep the small calls a node mostly gets from being read.
 */
final class HeldBytes {
  private final long maxHeldBytes;
  private final long smallRequestBytes;
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong peakHeld = new AtomicLong();

  HeldBytes(long maxHeldBytes, long smallRequestBytes) {
    this.maxHeldBytes = maxHeldBytes;
    this.smallRequestBytes = smallRequestBytes;
  }

  /** Bytes held now. */
  long now() {
    return held.get();
  }

  /** Most bytes held at once so far. */
  long peak() {
    return peakHeld.get();
  }

  /** Counts {@code bytes} more for a connection that holds {@code alreadyHeld}; false if over. */
  boolean reserve(long bytes, long alreadyHeld) {
    long limit =
        alreadyHeld + bytes <= smallRequestBytes ? maxHeldBytes : maxHeldBytes - maxHeldBytes / 4;
    while (true) {
      long now = held.get();
      if (now + bytes > limit) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        long after = now + bytes;
        peakHeld.accumulateAndGet(after, Math::max);
        return true;
      }
    }
  }

  /** Returns {@code bytes} to the budget. */
  void release(long bytes) {
    if (bytes > 0) {
      held.addAndGet(-bytes);
    }
  }
}
