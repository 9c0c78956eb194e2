package dev.foresight.launch;

import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns timed camera frames, arm poses, gripper positions and commands (in receive-time order) into
 * episodes sampled at a fixed period. Step {@code k} of an episode is at {@code t0 + k · period},
 * {@code t0} being the first moment every stream (camera, pose, gripper) has a value; each stream
 * contributes its latest value received at or before the step. A stream silent for longer than the
 * gap ends the episode at the last step before its last message (the next episode starts when all
 * streams are fresh again); reaching the step limit ends one too.
 *
 * <p>Action {@code k} is the latest command at step {@code k} times the period (m and rad per step;
 * zero when no command arrived within {@link #COMMAND_HOLD_PERIODS} periods, as the agent's
 * watchdog stops the arm), with the gripper as the measured gripper position at step {@code k + 1}
 * (absolute, 0 open). The sync error of a step is the time between its frame and its pose.
 */
final class StepSampler {
  /** Periods a command stays applied without a newer one. */
  static final int COMMAND_HOLD_PERIODS = 2;

  /** One finished episode; arrays per step, row-major. */
  record Episode(
      long[] timeNanos, byte[] frames, float[] proprio, float[] actions, float[] syncErrorMillis) {
    int steps() {
      return timeNanos.length - 1;
    }
  }

  /** Receives finished episodes. */
  interface Sink {
    /** One episode of at least one step. */
    void episode(Episode episode) throws java.io.IOException;
  }

  private final long periodNanos;
  private final long gapNanos;
  private final int maxSteps;
  private final int frameBytes;
  private final Sink sink;

  private byte[] frame;
  private long frameTime = Long.MIN_VALUE;
  private Pose pose;
  private long poseTime = Long.MIN_VALUE;
  private double gripper = Double.NaN;
  private long gripperTime = Long.MIN_VALUE;
  private double[] twist;
  private long twistTime = Long.MIN_VALUE;

  private boolean started;
  private long nextStep;
  private final List<long[]> times = new ArrayList<>();
  private final List<byte[]> frames = new ArrayList<>();
  private final List<float[]> proprio = new ArrayList<>();
  private final List<float[]> actions = new ArrayList<>();
  private final List<Float> syncErrors = new ArrayList<>();

  /**
   * @param periodNanos time between steps, positive
   * @param gapNanos age of a stream's latest value that ends an episode, at least the period
   * @param maxSteps most steps (actions) of one episode, at least 1
   * @param frameBytes bytes of one frame
   */
  StepSampler(long periodNanos, long gapNanos, int maxSteps, int frameBytes, Sink sink) {
    this.periodNanos = periodNanos;
    this.gapNanos = gapNanos;
    this.maxSteps = maxSteps;
    this.frameBytes = frameBytes;
    this.sink = sink;
  }

  /** A camera frame, already resized. Not modified afterwards by the caller. */
  void frame(long timeNanos, byte[] pixels) throws java.io.IOException {
    advanceTo(timeNanos);
    frame = pixels;
    frameTime = timeNanos;
    startIfReady(timeNanos);
  }

  /** An end-effector pose in the robot base frame. */
  void pose(long timeNanos, Pose eePoseInBase) throws java.io.IOException {
    advanceTo(timeNanos);
    pose = eePoseInBase;
    poseTime = timeNanos;
    startIfReady(timeNanos);
  }

  /** A measured gripper position (0 open, 1 closed). */
  void gripper(long timeNanos, double position) throws java.io.IOException {
    advanceTo(timeNanos);
    gripper = position;
    gripperTime = timeNanos;
    startIfReady(timeNanos);
  }

  /** A command: linear m/s then angular rad/s. Not modified afterwards by the caller. */
  void command(long timeNanos, double[] twistPerSecond) throws java.io.IOException {
    advanceTo(timeNanos);
    twist = twistPerSecond;
    twistTime = timeNanos;
  }

  /**
   * Ends the open episode at {@code timeNanos} (an episode boundary): steps before it are kept, the
   * next episode starts with the next message.
   */
  void boundary(long timeNanos) throws java.io.IOException {
    advanceTo(timeNanos);
    endEpisode();
  }

  /** Ends the open episode (end of a recording). */
  void finish() throws java.io.IOException {
    endEpisode();
    frame = null;
    pose = null;
    gripper = Double.NaN;
    twist = null;
    frameTime = poseTime = gripperTime = twistTime = Long.MIN_VALUE;
  }

  private void startIfReady(long timeNanos) {
    if (!started && frame != null && pose != null && !Double.isNaN(gripper)) {
      if (timeNanos - Math.min(frameTime, Math.min(poseTime, gripperTime)) <= gapNanos) {
        started = true;
        nextStep = timeNanos;
      }
    }
  }

  /** Takes every step before {@code timeNanos}: all streams are known up to then. */
  private void advanceTo(long timeNanos) throws java.io.IOException {
    while (started && nextStep < timeNanos) {
      long t = nextStep;
      long oldest = Math.min(frameTime, Math.min(poseTime, gripperTime));
      if (t - oldest > gapNanos) {
        // Steps after the silent stream's last message held a value it no longer renewed.
        while (!times.isEmpty() && times.get(times.size() - 1)[0] > oldest) {
          int last = times.size() - 1;
          times.remove(last);
          frames.remove(last);
          proprio.remove(last);
          actions.remove(last);
          syncErrors.remove(last);
        }
        endEpisode();
        return;
      }
      takeStep(t);
      nextStep += periodNanos;
    }
  }

  private void takeStep(long t) throws java.io.IOException {
    float[] p = {
      (float) pose.x(),
      (float) pose.y(),
      (float) pose.z(),
      (float) pose.roll(),
      (float) pose.pitch(),
      (float) pose.yaw(),
      (float) gripper
    };
    if (!times.isEmpty()) {
      actions.get(actions.size() - 1)[Action.SIZE - 1] = (float) gripper;
    }
    times.add(new long[] {t});
    frames.add(frame);
    proprio.add(p);
    syncErrors.add((float) (Math.abs(frameTime - poseTime) / 1e6));
    float[] action = new float[Action.SIZE];
    if (twist != null && t - twistTime <= COMMAND_HOLD_PERIODS * periodNanos) {
      double seconds = periodNanos / 1e9;
      for (int i = 0; i < 6; i++) {
        action[i] = (float) (twist[i] * seconds);
      }
    }
    actions.add(action);
    if (times.size() == maxSteps + 1) {
      endEpisode();
    }
  }

  private void endEpisode() throws java.io.IOException {
    started = false;
    int observations = times.size();
    if (observations >= 2) {
      int steps = observations - 1;
      long[] t = new long[observations];
      byte[] f = new byte[observations * frameBytes];
      float[] p = new float[observations * 7];
      float[] a = new float[steps * Action.SIZE];
      float[] s = new float[observations];
      for (int i = 0; i < observations; i++) {
        t[i] = times.get(i)[0];
        System.arraycopy(frames.get(i), 0, f, i * frameBytes, frameBytes);
        System.arraycopy(proprio.get(i), 0, p, i * 7, 7);
        s[i] = syncErrors.get(i);
        if (i < steps) {
          System.arraycopy(actions.get(i), 0, a, i * Action.SIZE, Action.SIZE);
        }
      }
      clear();
      sink.episode(new Episode(t, f, p, a, s));
    }
    clear();
  }

  private void clear() {
    times.clear();
    frames.clear();
    proprio.clear();
    actions.clear();
    syncErrors.clear();
  }
}
