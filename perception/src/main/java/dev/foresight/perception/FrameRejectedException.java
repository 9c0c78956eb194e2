package dev.foresight.perception;

/** A frame that cannot be encoded; the message names the bad value and what was expected. */
public final class FrameRejectedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its one-line message. */
  public FrameRejectedException(String message) {
    super(message);
  }
}
