package dev.foresight.bridge;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What the agent's I/O thread and the control thread hand each other, without locks: filtered
 * targets (the latest wins), the control thread's snapshot of each tick (the latest wins), and the
 * pending stop and re-arm requests.
 */
final class ControlMailbox {
  /** Filtered target written by the agent's I/O thread. */
  static final class TargetSlot {
    final double[] target = new double[SafetyFilter.TARGET_SIZE];
    long sequence;
    long receivedNanos;

    /** The stop count the target belongs to; targets from before a stop are ignored. */
    long epoch;
  }

  /** What the control thread publishes every tick for the I/O thread. */
  static final class Snapshot {
    final double[] setpoint = new double[SafetyFilter.TARGET_SIZE];
    final double[] measured = new double[SafetyFilter.TARGET_SIZE];
    double[] jointPositionsRad = new double[0];
    double[] jointVelocitiesRadPerS = new double[0];
    long timeNanos;
    long measuredTimeNanos;
    boolean armed;
    StopCause stopCause = StopCause.STOP_CAUSE_STARTUP;
    String stopDetail = "the agent has not been armed since it started";
    long stopCount;

    /**
     * The stop count at the last arming, -1 before the first: which re-arm {@link #armStart} is.
     */
    long armedAtStopCount = -1;

    /** Where the setpoint started at the last arming: the measured pose then. */
    final double[] armStart = new double[SafetyFilter.TARGET_SIZE];
  }

  /** A pending re-arm: for the stop numbered {@code stopCount}, acknowledging {@code cause}. */
  record RearmRequest(long stopCount, StopCause acknowledged) {}

  /** A pending stop request from the I/O thread. */
  record StopRequest(StopCause cause, String detail) {}

  final LatestValueBuffer<TargetSlot> targets = new LatestValueBuffer<>(TargetSlot::new);
  final LatestValueBuffer<Snapshot> snapshots;
  private final AtomicReference<StopRequest> stopRequest = new AtomicReference<>();
  private final AtomicReference<RearmRequest> rearmRequest = new AtomicReference<>();

  /**
   * @param joints how many joints the snapshots carry
   */
  ControlMailbox(int joints) {
    this.snapshots = new LatestValueBuffer<>(() -> newSnapshot(joints));
  }

  /** Requests a stop; of two requests in the same tick, a latching one wins. */
  void requestStop(StopCause cause, String detail) {
    StopRequest request = new StopRequest(cause, detail);
    while (true) {
      StopRequest pending = stopRequest.get();
      if (pending != null
          && (ControlLoop.latches(pending.cause()) || !ControlLoop.latches(cause))) {
        return; // the pending one is at least as strong
      }
      if (stopRequest.compareAndSet(pending, request)) {
        return;
      }
    }
  }

  /** Requests a re-arm; a later request replaces an earlier one. */
  void requestRearm(long expectedStopCount, StopCause acknowledged) {
    rearmRequest.set(new RearmRequest(expectedStopCount, acknowledged));
  }

  /** The pending re-arm request, or null; clears it. Control thread. */
  RearmRequest takeRearm() {
    return rearmRequest.getAndSet(null);
  }

  /** The pending stop request, or null; clears it. Control thread. */
  StopRequest takeStop() {
    return stopRequest.getAndSet(null);
  }

  private static Snapshot newSnapshot(int joints) {
    Snapshot snapshot = new Snapshot();
    snapshot.jointPositionsRad = new double[joints];
    snapshot.jointVelocitiesRadPerS = new double[joints];
    return snapshot;
  }
}
