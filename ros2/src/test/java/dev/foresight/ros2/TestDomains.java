package dev.foresight.ros2;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * DDS domains for tests: a fresh one per use, offset by the JVM's pid, so tests (and concurrent
 * test runs on the same machine) do not hear each other.
 */
final class TestDomains {
  private static final AtomicInteger NEXT =
      new AtomicInteger((int) (ProcessHandle.current().pid() % 60) * 2);

  private TestDomains() {}

  /** A domain id in [100, 219]. */
  static int next() {
    return 100 + NEXT.getAndIncrement() % 120;
  }
}
