package dev.foresight.launch;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM shutdown hook (Ctrl-C, SIGTERM) for as long as a command runs: added when made, removed
 * when closed. A hook may wait, bounded, for the command to close it, so that the command can end
 * its work (stop the arm, write its report) before the JVM exits.
 */
final class ShutdownHook implements AutoCloseable {
  private final Thread thread;
  private final CountDownLatch closed = new CountDownLatch(1);

  private ShutdownHook(String name, Runnable onShutdown, Duration waitForClose) {
    this.thread =
        new Thread(
            () -> {
              onShutdown.run();
              if (waitForClose.isZero()) {
                return;
              }
              try {
                closed.await(waitForClose.toNanos(), TimeUnit.NANOSECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
  }

  /**
   * Blocks until the JVM shuts down (Ctrl-C, SIGTERM), then runs {@code close}; if the waiting
   * thread is interrupted instead, runs {@code close} and keeps the interrupt.
   */
  static void runUntilShutdown(String name, Runnable close) {
    CountDownLatch stopped = new CountDownLatch(1);
    try (ShutdownHook hook =
        add(
            name,
            () -> {
              close.run();
              stopped.countDown();
            },
            Duration.ZERO)) {
      stopped.await();
    } catch (InterruptedException e) {
      close.run();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Adds a hook.
   *
   * @param name the hook thread's name
   * @param onShutdown runs first when the JVM shuts down
   * @param waitForClose how long the hook then waits for {@link #close()}; zero: not at all
   */
  static ShutdownHook add(String name, Runnable onShutdown, Duration waitForClose) {
    ShutdownHook hook = new ShutdownHook(name, onShutdown, waitForClose);
    Runtime.getRuntime().addShutdownHook(hook.thread);
    return hook;
  }

  /** The hook's thread, as registered with the JVM. */
  Thread thread() {
    return thread;
  }

  /** Releases a waiting hook and removes the hook unless the JVM is shutting down already. */
  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running, or has run.
    }
  }
}
