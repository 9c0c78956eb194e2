package dev.foresight.runtime;

import dev.foresight.core.ArmState;
import dev.foresight.core.Observation;
import java.time.Duration;

/**
 * Observations from a camera callback and a bridge agent's state stream, for an arm whose agent may
 * be on another machine: a frame newer than the last one, then the agent's arm state after {@value
 * #STATES_AFTER_FRAME} more state messages arrived (bounded by {@link #STATE_WAIT}), so the
 * proprioception matches the picture.
 */
public final class BridgeCamera implements FrameSource {
  /** How many agent states must arrive after a frame before the arm state is read. */
  static final int STATES_AFTER_FRAME = 2;

  /** The longest wait for those states. */
  static final Duration STATE_WAIT = Duration.ofMillis(200);

  private final LatestFrame frames;
  private final BridgeCommands agent;
  private long lastSequence = Long.MIN_VALUE;

  /**
   * @param frames the camera
   * @param agent the agent whose states go with the frames
   */
  public BridgeCamera(LatestFrame frames, BridgeCommands agent) {
    this.frames = frames;
    this.agent = agent;
  }

  @Override
  public Observation next(long afterNanos, Duration timeout) throws InterruptedException {
    LatestFrame.Frame frame = frames.next(lastSequence, afterNanos, timeout);
    return frame == null ? null : observe(frame);
  }

  @Override
  public Observation latest() throws InterruptedException {
    LatestFrame.Frame frame = frames.latest();
    return frame == null ? null : observe(frame);
  }

  @Override
  public String description() {
    return frames.description();
  }

  private Observation observe(LatestFrame.Frame frame) throws InterruptedException {
    long statesAtFrame = agent.statesReceived();
    long deadline = System.nanoTime() + STATE_WAIT.toNanos();
    while (agent.statesReceived() - statesAtFrame < STATES_AFTER_FRAME
        && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    ArmState armState = agent.armState();
    if (armState == null) {
      return null;
    }
    lastSequence = frame.sequence();
    return new Observation(frame.image(), armState);
  }
}
