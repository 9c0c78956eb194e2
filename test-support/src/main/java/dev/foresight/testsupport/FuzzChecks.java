package dev.foresight.testsupport;

import java.lang.management.ManagementFactory;

/**
 * Checks that fuzz targets share: what an error a decoder throws must look like, and how much
 * memory decoding one input may take.
 */
public final class FuzzChecks {
  /** Longest error message accepted: one line a person can read, not an echo of the input. */
  public static final int MAX_MESSAGE_CHARS = 400;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private FuzzChecks() {}

  /**
   * Checks that {@code error} is the one-line error the project promises for bad input: a message
   * that is present, one line, at most {@link #MAX_MESSAGE_CHARS} long and names {@code subject}
   * (the input's kind, type or source).
   *
   * @throws AssertionError with {@code error} as its cause when it is not
   */
  public static void assertOneLineError(Throwable error, String subject) {
    String message = error.getMessage();
    String problem = null;
    if (message == null || message.isBlank()) {
      problem = "has no message";
    } else if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
      problem = "has a message of several lines";
    } else if (message.length() > MAX_MESSAGE_CHARS) {
      problem = "has a message of " + message.length() + " chars";
    } else if (!message.contains(subject)) {
      problem = "has a message that does not name " + subject;
    }
    if (problem != null) {
      throw new AssertionError(
          error.getClass().getName()
              + " "
              + problem
              + ", expected one line of at most "
              + MAX_MESSAGE_CHARS
              + " chars naming "
              + subject,
          error);
    }
  }

  /** A decoding step: returns what it decoded or throws the decoder's error. */
  @FunctionalInterface
  public interface Step<T, E extends Exception> {
    /** Decodes. */
    T run() throws E;
  }

  /**
   * Runs {@code step} and checks that the current thread allocated at most {@code budgetBytes}
   * meanwhile, so a small input cannot make a decoder reserve memory in proportion to a length it
   * merely declares. A run over budget is repeated once and fails only when the repeat is over
   * budget too: the first run of a code path also loads (and instruments) classes on this thread.
   * The step must therefore be repeatable.
   *
   * @return what the step returned
   * @throws E what the step threw
   * @throws AssertionError naming {@code what} and the bytes the repeat allocated
   */
  public static <T, E extends Exception> T withinAllocationBudget(
      long budgetBytes, String what, Step<T, E> step) throws E {
    long before = allocatedBytes();
    try {
      return step.run();
    } finally {
      if (allocatedBytes() - before > budgetBytes) {
        long repeatBefore = allocatedBytes();
        try {
          step.run();
        } catch (Exception e) {
          // The first run's outcome is the one that counts.
        }
        long allocated = allocatedBytes() - repeatBefore;
        if (allocated > budgetBytes) {
          throw new AssertionError(
              what + " allocated " + allocated + " bytes, more than its budget of " + budgetBytes);
        }
      }
    }
  }

  /** Bytes allocated by the current thread since it started (a monotonic counter). */
  public static long allocatedBytes() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
