package dev.foresight.ros2.internal;

/**
 * One received or sent sample: the message, or why its bytes were not a message. Reused by its
 * publisher or subscriber for every sample.
 *
 * @param <T> message record type
 */
public final class Sample<T> {
  /** The message, or null when {@link #error} says why there is none. */
  public T value;

  /** Why the last sample was dropped, or null. */
  public String error;

  /** Sets a well-formed message. */
  public void set(T message) {
    value = message;
    error = null;
  }

  /** Marks the sample malformed. */
  public void fail(String why) {
    value = null;
    error = why;
  }
}
