package dev.foresight.worldmodel.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Temporal abstraction for training ({@code foresight train --frameskip k}): every episode becomes
 * k episodes of macro-steps, one per start offset o in [0, k), with frames, proprio and task state
 * at control steps o, o + k, o + 2k, … and as each macro-step's action the mean of the k recorded
 * actions it spans. The predictor then learns one latent step per k control steps.
 *
 * <p>The planner's macro-action is one action held for k steps, and the mean of a held action is
 * that action, so a model of mean actions answers exactly the planner's question on held-action
 * data and approximately on smoothly varying data (the random walk and noisy experts of {@code sim
 * record}). Keeping the action size (instead of concatenating k actions, as DINO-WM does) keeps the
 * planner's search at H·A dimensions for H·k control steps of look-ahead.
 */
public final class FrameSkip {
  private FrameSkip() {}

  /**
   * The dataset in macro-steps of {@code k} control steps. Offsets that leave fewer than {@code
   * minSteps} macro-steps are dropped; held-out episodes stay held out.
   *
   * @throws IllegalArgumentException if {@code k} is not in 1..100 or no episode is long enough
   */
  public static EpisodeDataset apply(EpisodeDataset data, int k, int minSteps) {
    if (k < 1 || k > 100) {
      throw new IllegalArgumentException(
          "frameskip: " + k + " is out of range, expected 1..100 control steps");
    }
    if (k == 1) {
      return data;
    }
    List<EpisodeDataset.Episode> out = new ArrayList<>();
    int longest = 0;
    for (EpisodeDataset.Episode episode : data.episodes()) {
      longest = Math.max(longest, episode.steps());
      for (int offset = 0; offset < k; offset++) {
        int macroSteps = (episode.steps() - offset) / k;
        if (macroSteps >= minSteps) {
          out.add(skipped(episode, k, offset, macroSteps));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "frameskip: "
              + k
              + " leaves no episode with "
              + minSteps
              + " macro-steps (the longest has "
              + longest
              + " control steps), expected episodes of at least "
              + minSteps * k
              + " steps");
    }
    return data.withEpisodes(out);
  }

  private static EpisodeDataset.Episode skipped(
      EpisodeDataset.Episode e, int k, int offset, int macroSteps) {
    int frameBytes = e.frameBytes();
    int proprioSize = e.proprio().length / (e.steps() + 1);
    int actionSize = e.actions().length / e.steps();
    int stateSize = e.taskStateSize();
    byte[] frames = new byte[(macroSteps + 1) * frameBytes];
    float[] proprio = new float[(macroSteps + 1) * proprioSize];
    float[] state = new float[(macroSteps + 1) * stateSize];
    float[] actions = new float[macroSteps * actionSize];
    for (int j = 0; j <= macroSteps; j++) {
      int row = offset + j * k;
      System.arraycopy(e.frames(), row * frameBytes, frames, j * frameBytes, frameBytes);
      System.arraycopy(e.proprio(), row * proprioSize, proprio, j * proprioSize, proprioSize);
      if (stateSize > 0) {
        System.arraycopy(e.taskState(), row * stateSize, state, j * stateSize, stateSize);
      }
      if (j == macroSteps) {
        break;
      }
      for (int d = 0; d < actionSize; d++) {
        double sum = 0;
        for (int r = 0; r < k; r++) {
          sum += e.actions()[(row + r) * actionSize + d];
        }
        actions[j * actionSize + d] = (float) (sum / k);
      }
    }
    return new EpisodeDataset.Episode(
        e.task(),
        e.index(),
        e.heldOut(),
        macroSteps,
        e.imageSize(),
        frames,
        actions,
        proprio,
        state,
        stateSize,
        e.goalFrame(),
        e.goalProprio(),
        e.goalTaskState());
  }
}
