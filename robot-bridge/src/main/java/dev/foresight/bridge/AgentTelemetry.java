package dev.foresight.bridge;

/**
 * What the agent measures about itself. Each counter has one writing thread (the agent's I/O thread
 * or its control thread); any thread may read.
 */
public final class AgentTelemetry {
  private final LatencyHistogram commandLatency = new LatencyHistogram();
  private final LatencyHistogram loopJitter = new LatencyHistogram();

  private volatile long commandsReceived;
  private volatile long commandsAccepted;
  private volatile long droppedStale;
  private volatile long droppedOutOfOrder;
  private volatile long rejected;
  private volatile long clamped;
  private volatile long watchdogTrips;
  private volatile long stops;
  private volatile long controlTicks;
  private volatile long controlOverruns;
  private volatile long speedLimitedTicks;
  private volatile long lastValidInputNanos;

  /**
   * Command latency: agent receive time minus the command's send time, ns. Meaningful when client
   * and agent share a monotonic clock (same host); across hosts it includes the clock offset.
   */
  public LatencyHistogram commandLatency() {
    return commandLatency;
  }

  /** Control loop jitter: how late each tick started after its scheduled time, ns. */
  public LatencyHistogram loopJitter() {
    return loopJitter;
  }

  /** Commands that arrived from any client. */
  public long commandsReceived() {
    return commandsReceived;
  }

  /** Commands that passed the checks and reached the safety filter. */
  public long commandsAccepted() {
    return commandsAccepted;
  }

  /** Commands dropped because their validity deadline had passed when they arrived. */
  public long droppedStale() {
    return droppedStale;
  }

  /** Commands dropped because their sequence number was not above the last one. */
  public long droppedOutOfOrder() {
    return droppedOutOfOrder;
  }

  /** Messages answered with a Reject (not in control, not armed, invalid, …). */
  public long rejected() {
    return rejected;
  }

  /** Commands the safety filter changed. */
  public long clamped() {
    return clamped;
  }

  /** Times the deadman watchdog stopped the arm. */
  public long watchdogTrips() {
    return watchdogTrips;
  }

  /** Times the arm stopped for any reason (watchdog included). */
  public long stops() {
    return stops;
  }

  /** Control ticks run. */
  public long controlTicks() {
    return controlTicks;
  }

  /** Times the control loop fell a whole period or more behind and skipped ticks. */
  public long controlOverruns() {
    return controlOverruns;
  }

  /** Ticks at which the Cartesian speed limit cut the interpolated step. */
  public long speedLimitedTicks() {
    return speedLimitedTicks;
  }

  /** Agent time of the last valid command or heartbeat from the controlling client, ns. */
  public long lastValidInputNanos() {
    return lastValidInputNanos;
  }

  void countReceived() {
    commandsReceived++;
  }

  void countAccepted() {
    commandsAccepted++;
  }

  void countStale() {
    droppedStale++;
  }

  void countOutOfOrder() {
    droppedOutOfOrder++;
  }

  void countRejected() {
    rejected++;
  }

  void countClamped() {
    clamped++;
  }

  void countWatchdogTrip() {
    watchdogTrips++;
  }

  void countStop() {
    stops++;
  }

  void countTick() {
    controlTicks++;
  }

  void countOverrun() {
    controlOverruns++;
  }

  void countSpeedLimited() {
    speedLimitedTicks++;
  }

  void validInputAt(long nanos) {
    lastValidInputNanos = nanos;
  }
}
