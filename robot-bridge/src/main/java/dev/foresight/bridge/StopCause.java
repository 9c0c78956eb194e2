package dev.foresight.bridge;

/**
 * Why the agent's arm is stopped, as the protocol's {@code StopCause} reports it. The constants
 * carry the protocol's names, which logs, reports and {@code --acknowledge-stop} show.
 */
public enum StopCause {
  /** Armed: not stopped. */
  STOP_CAUSE_NONE(0),
  /** The agent has not been armed since it started. */
  STOP_CAUSE_STARTUP(1),
  /** No valid command or progress heartbeat within the watchdog timeout. */
  STOP_CAUSE_WATCHDOG(2),
  /** The controlling client's connection closed. */
  STOP_CAUSE_CONTROLLER_DISCONNECTED(3),
  /** A client (or the hosting process) asked for a stop. Latches. */
  STOP_CAUSE_CLIENT_STOP(4),
  /** The arm driver reported a failure. Latches. */
  STOP_CAUSE_DRIVER_FAULT(5),
  /** The agent is shutting down. */
  STOP_CAUSE_SHUTDOWN(6),
  /** The driver's measured state was too old or could not be trusted. Latches. */
  STOP_CAUSE_STATE_STALE(7),
  /** A setpoint failed the agent's last check before the driver. Latches. */
  STOP_CAUSE_LIMIT_VIOLATION(8),
  /** The agent's control thread failed. Latches. */
  STOP_CAUSE_INTERNAL_FAULT(9),
  /** A cause this build's protocol does not know (sent by a newer peer). */
  UNRECOGNIZED(-1);

  private static final StopCause[] BY_NUMBER = {
    STOP_CAUSE_NONE,
    STOP_CAUSE_STARTUP,
    STOP_CAUSE_WATCHDOG,
    STOP_CAUSE_CONTROLLER_DISCONNECTED,
    STOP_CAUSE_CLIENT_STOP,
    STOP_CAUSE_DRIVER_FAULT,
    STOP_CAUSE_SHUTDOWN,
    STOP_CAUSE_STATE_STALE,
    STOP_CAUSE_LIMIT_VIOLATION,
    STOP_CAUSE_INTERNAL_FAULT
  };

  private final int number;

  StopCause(int number) {
    this.number = number;
  }

  /** The cause's field value on the wire; -1 for {@link #UNRECOGNIZED}. */
  int number() {
    return number;
  }

  /** The cause a wire value names; {@link #UNRECOGNIZED} for a value this build does not know. */
  static StopCause forNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNRECOGNIZED;
  }
}
