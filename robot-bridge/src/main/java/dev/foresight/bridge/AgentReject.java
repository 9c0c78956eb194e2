package dev.foresight.bridge;

/**
 * The agent refused a message of this client: the protocol's {@code Reject}.
 *
 * @param reason why
 * @param message one line naming the input, the bad value and what was expected
 * @param sequence the refused command's sequence number, 0 for other messages
 */
public record AgentReject(Reason reason, String message, long sequence) {

  /** Why the agent refused a message; the constants carry the protocol's names. */
  public enum Reason {
    // Declared in wire order: a constant's ordinal is its field value.
    REJECT_REASON_UNSPECIFIED,
    REJECT_REASON_PROTOCOL_VERSION,
    REJECT_REASON_AUTH_FAILED,
    REJECT_REASON_HELLO_REQUIRED,
    REJECT_REASON_DUPLICATE_HELLO,
    REJECT_REASON_NOT_CONTROLLER,
    REJECT_REASON_CONTROL_TAKEN,
    REJECT_REASON_NOT_ARMED,
    REJECT_REASON_WRONG_MESSAGE_TYPE,
    REJECT_REASON_INVALID_COMMAND,
    REJECT_REASON_MALFORMED,
    REJECT_REASON_STOP_LATCHED,
    REJECT_REASON_HELLO_TIMEOUT,
    REJECT_REASON_TOO_MANY_CONNECTIONS,
    REJECT_REASON_LOGIN_RATE,
    REJECT_REASON_TOO_SLOW,
    REJECT_REASON_FLOOD,
    /** A reason this build's protocol does not know (sent by a newer agent). */
    UNRECOGNIZED;

    /** The reason a wire value names; {@link #UNRECOGNIZED} for one this build does not know. */
    static Reason forNumber(int number) {
      Reason[] all = values();
      return number >= 0 && number < all.length - 1 ? all[number] : UNRECOGNIZED;
    }
  }

  /** Whether the agent will never accept this client as it is (wrong token or version). */
  public boolean isFinal() {
    return reason == Reason.REJECT_REASON_AUTH_FAILED
        || reason == Reason.REJECT_REASON_PROTOCOL_VERSION;
  }
}
