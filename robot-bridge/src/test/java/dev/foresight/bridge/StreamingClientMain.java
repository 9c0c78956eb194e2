package dev.foresight.bridge;

import dev.foresight.core.Action;
import java.time.Duration;

/**
 * A planner stand-in run as a separate process by {@link AgentLoopbackTest}: connects, arms and
 * streams small deltas at about 200 Hz until it is killed.
 */
public final class StreamingClientMain {
  private StreamingClientMain() {}

  /** Arguments: agent host and port. */
  public static void main(String[] args) throws InterruptedException {
    BridgeClient client =
        BridgeClient.builder(args[0], Integer.parseInt(args[1]))
            .optClientId("doomed-planner")
            .connect();
    client.awaitWelcome(Duration.ofSeconds(30));
    client.rearm();
    long deadline = System.nanoTime() + 120_000_000_000L; // never outlive a forgotten test
    for (int i = 0; System.nanoTime() < deadline; i++) {
      AgentState state = client.latestState();
      if (state != null && state.mode() == AgentMode.AGENT_MODE_STOPPED && i % 20 == 0) {
        client.rearm();
      }
      double dx = (i / 100) % 2 == 0 ? 0.0002 : -0.0002;
      client.sendDelta(new Action(dx, 0, 0, 0, 0, 0, 0.5), Duration.ofMillis(200));
      Thread.sleep(5);
    }
    client.close();
  }
}
