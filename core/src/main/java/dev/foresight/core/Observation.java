package dev.foresight.core;

/** What the runtime sees at one control tick: a camera frame and the arm's proprioceptive state. */
public record Observation(Image frame, ArmState armState) {

  /** Checks both parts are present. */
  public Observation {
    if (frame == null || armState == null) {
      throw new IllegalArgumentException("an observation needs both a frame and an arm state");
    }
  }
}
