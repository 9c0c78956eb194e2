package dev.foresight.bridge;

import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The control loop's thread and clock: a daemon thread at maximum Java priority that runs one tick
 * per control period, sleeping (then spinning for the configured window) until each tick is due. A
 * tick that comes a period or more late skips the ticks it missed and counts an overrun; every
 * tick's lateness goes to the loop-jitter histogram.
 */
final class ControlThread {
  /** One control tick, on the control thread. */
  @FunctionalInterface
  interface Tick {
    void run(long tickIndex, long nowNanos);
  }

  private final long periodNanos;
  private final AgentTelemetry telemetry;
  private volatile boolean running;
  private volatile boolean alive;
  private volatile ThreadScheduling scheduling;
  private long spinNanos;
  private Thread thread;

  ControlThread(long periodNanos, AgentTelemetry telemetry) {
    this.periodNanos = periodNanos;
    this.telemetry = telemetry;
  }

  /**
   * Starts the thread, which first applies {@code latency}'s real-time priority and CPU pinning to
   * itself, then runs {@code body}.
   *
   * @return what scheduling the thread got
   * @throws IllegalStateException when already started
   */
  ThreadScheduling start(LatencyOptions latency, Runnable body) {
    CompletableFuture<ThreadScheduling> applied = new CompletableFuture<>();
    synchronized (this) {
      if (thread != null) {
        throw new IllegalStateException("control loop already started");
      }
      spinNanos = latency.controlSpin().toNanos();
      running = true;
      alive = true;
      thread =
          new Thread(
              () -> {
                applied.complete(
                    latency.changesThreads()
                        ? RealtimeScheduling.applyToCurrentThread("control", latency)
                        : RealtimeScheduling.read("control", RealtimeScheduling.currentTid()));
                body.run();
              },
              "foresight-control");
      thread.setDaemon(true);
      thread.setPriority(Thread.MAX_PRIORITY);
      thread.start();
    }
    ThreadScheduling result = applied.join();
    scheduling = result;
    return result;
  }

  /** Runs {@code tick} once per period until {@link #close()}; on the control thread. */
  void runTicks(Tick tick) {
    long next = System.nanoTime() + periodNanos;
    long tickIndex = 0;
    while (running) {
      long now = System.nanoTime();
      long wake = next - spinNanos;
      while (now < wake && running) {
        LockSupport.parkNanos(wake - now);
        now = System.nanoTime();
      }
      while (now < next) { // the spin window, when configured
        Thread.onSpinWait();
        now = System.nanoTime();
      }
      long late = now - next;
      telemetry.loopJitter().record(late);
      if (late >= periodNanos) {
        long skipped = late / periodNanos;
        telemetry.countOverrun();
        next += skipped * periodNanos;
        tickIndex += skipped;
      }
      tick.run(tickIndex, now);
      telemetry.countTick();
      tickIndex++;
      next += periodNanos;
    }
  }

  /** The thread's work is over (closed or failed); on the control thread. */
  void ended() {
    alive = false;
  }

  /** Whether the thread runs: false before {@link #start}, after close or a failure. */
  boolean isAlive() {
    return alive;
  }

  /** What scheduling the thread got; null before {@link #start}. */
  ThreadScheduling scheduling() {
    return scheduling;
  }

  /** Stops the ticks. Waits up to one second for the thread. */
  void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
