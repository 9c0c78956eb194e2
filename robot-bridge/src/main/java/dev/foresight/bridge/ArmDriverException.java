package dev.foresight.bridge;

/**
 * Thrown by an {@link ArmDriver} that refuses to command the arm: the agent holds the arm and
 * reports the stop with the cause this exception names. Any other exception from a driver is a
 * driver fault.
 */
public final class ArmDriverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the driver refused. */
  public enum Kind {
    /**
     * The driver's measured state is too old, in another frame or not finite: it cannot compute a
     * command it can trust, so the arm holds.
     */
    STATE_STALE,
    /** The arm does not follow (tracking error beyond its bound) or reported a failure. */
    FAULT
  }

  private final Kind kind;

  /**
   * @param kind why the driver refused
   * @param message one line naming the input, the bad value and what was expected
   */
  public ArmDriverException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** Why the driver refused. */
  public Kind kind() {
    return kind;
  }
}
