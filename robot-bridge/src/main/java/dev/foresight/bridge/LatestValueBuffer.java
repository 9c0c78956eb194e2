package dev.foresight.bridge;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A lock-free, allocation-free latest-value buffer between one writer thread and one reader thread
 * (a triple buffer): the writer fills {@link #writeSlot()} and calls {@link #publish()}; the reader
 * calls {@link #update()} and reads {@link #readSlot()}. The reader always sees a complete value,
 * never a half-written one, and intermediate values the reader did not pick up are overwritten,
 * never queued.
 *
 * <p>A slot handed to the writer may hold a value from two publications ago: writers must set every
 * field before publishing.
 *
 * @param <T> mutable slot type
 */
public final class LatestValueBuffer<T> {
  private static final int INDEX_MASK = 3;
  private static final int FRESH = 4;

  private final T[] slots;

  /** Index of the middle slot, plus {@link #FRESH} when the writer published into it. */
  private final AtomicInteger middle = new AtomicInteger(1);

  private int writeIndex = 0;
  private int readIndex = 2;

  /**
   * @param slotFactory creates the three slots up front
   */
  @SuppressWarnings("unchecked")
  public LatestValueBuffer(Supplier<T> slotFactory) {
    slots = (T[]) new Object[] {slotFactory.get(), slotFactory.get(), slotFactory.get()};
  }

  /** The slot the writer may fill; writer thread only. */
  public T writeSlot() {
    return slots[writeIndex];
  }

  /** Makes the filled write slot the latest value; writer thread only. */
  public void publish() {
    writeIndex = middle.getAndSet(writeIndex | FRESH) & INDEX_MASK;
  }

  /**
   * Takes the latest published value, if one arrived since the last call; reader thread only.
   *
   * @return true when {@link #readSlot()} now holds a newer value
   */
  public boolean update() {
    if ((middle.get() & FRESH) == 0) {
      return false;
    }
    readIndex = middle.getAndSet(readIndex) & INDEX_MASK;
    return true;
  }

  /** The value the reader took last; reader thread only, valid until its next update. */
  public T readSlot() {
    return slots[readIndex];
  }
}
