package dev.foresight.runtime;

import dev.foresight.core.Image;
import java.time.Duration;

/**
 * The newest camera frame, fed by a camera callback (ROS subscriber, simulator) on any thread;
 * frames whose sequence number repeats show an unchanged picture. Older frames are dropped, so
 * latency never builds up.
 */
public final class LatestFrame {

  /** A camera frame, its sequence number and when it arrived ({@link System#nanoTime()}). */
  public record Frame(Image image, long sequence, long receivedNanos) {}

  private final String description;
  private Frame latest;

  /**
   * @param description where the frames come from, for messages
   */
  public LatestFrame(String description) {
    this.description = description;
  }

  /** Offers a frame; any thread. */
  public synchronized void offer(Image image, long sequence) {
    latest = new Frame(image, sequence, System.nanoTime());
    notifyAll();
  }

  /**
   * Waits up to {@code timeout} for a frame with a sequence other than {@code lastSequence} that
   * arrived after {@code afterNanos} ({@link FrameSource#ANY_TIME}: whenever).
   *
   * @return the frame, or null on timeout
   */
  public synchronized Frame next(long lastSequence, long afterNanos, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (latest == null
        || latest.sequence() == lastSequence
        || (afterNanos != FrameSource.ANY_TIME && latest.receivedNanos() - afterNanos < 0)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return latest;
  }

  /** The newest frame, or null before the first. */
  public synchronized Frame latest() {
    return latest;
  }

  /** Where the frames come from. */
  public String description() {
    return description;
  }
}
