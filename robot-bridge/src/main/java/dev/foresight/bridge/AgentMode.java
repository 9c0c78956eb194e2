package dev.foresight.bridge;

/** Whether the agent's arm follows commands, as the protocol's {@code AgentMode} reports it. */
public enum AgentMode {
  /** Not reported. */
  AGENT_MODE_UNSPECIFIED(0),
  /** Following the controlling client's commands. */
  AGENT_MODE_ARMED(1),
  /** Holding; a re-arm from the controlling client is required to move again. */
  AGENT_MODE_STOPPED(2),
  /** A mode this build's protocol does not know (sent by a newer agent). */
  UNRECOGNIZED(-1);

  private final int number;

  AgentMode(int number) {
    this.number = number;
  }

  /** The mode's field value on the wire; -1 for {@link #UNRECOGNIZED}. */
  int number() {
    return number;
  }

  /** The mode a wire value names; {@link #UNRECOGNIZED} for a value this build does not know. */
  static AgentMode forNumber(int number) {
    return switch (number) {
      case 0 -> AGENT_MODE_UNSPECIFIED;
      case 1 -> AGENT_MODE_ARMED;
      case 2 -> AGENT_MODE_STOPPED;
      default -> UNRECOGNIZED;
    };
  }
}
