package dev.foresight.bridge;

/**
 * Hears what the agent sends a {@link BridgeClient}; called on the client's I/O thread, so it must
 * not block. Every method does nothing unless overridden.
 */
public interface BridgeListener {
  /** The agent reported its state (the same value {@link BridgeClient#latestState()} returns). */
  default void onState(AgentState state) {}

  /** The agent refused a message of this client. */
  default void onReject(AgentReject reject) {}
}
