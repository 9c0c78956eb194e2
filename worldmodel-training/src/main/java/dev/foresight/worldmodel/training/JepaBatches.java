package dev.foresight.worldmodel.training;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.FramePreprocessor;
import dev.foresight.worldmodel.Normalisation;
import java.util.List;
import java.util.SplittableRandom;

/** Training batches: windows of {@link JepaTrainer#WINDOW} frames drawn uniformly from episodes. */
final class JepaBatches {
  private JepaBatches() {}

  /** Cumulative count of windows up to and including each episode. */
  static long[] windowEnds(List<EpisodeDataset.Episode> episodes) {
    long[] windowEnds = new long[episodes.size()];
    long windows = 0;
    for (int i = 0; i < episodes.size(); i++) {
      windows += episodes.get(i).steps() - (JepaTrainer.WINDOW - 1) + 1;
      windowEnds[i] = windows;
    }
    return windowEnds;
  }

  /**
   * Fills one batch: frames preprocessed, proprio normalised, the windows' actions as recorded.
   *
   * @param windowEnds cumulative count of windows up to and including each episode
   */
  static void fill(
      Architecture architecture,
      int batchSize,
      SplittableRandom random,
      List<EpisodeDataset.Episode> episodes,
      long[] windowEnds,
      Normalisation normalisation,
      FramePreprocessor preprocessor,
      float[] frames,
      float[] actions,
      float[] proprio) {
    int actionSize = architecture.actionSize();
    int proprioSize = architecture.proprioSize();
    int frameFloats = preprocessor.floatsPerFrame();
    for (int b = 0; b < batchSize; b++) {
      long pick = random.nextLong(windowEnds[windowEnds.length - 1]);
      int index = 0;
      while (windowEnds[index] <= pick) {
        index++;
      }
      EpisodeDataset.Episode episode = episodes.get(index);
      int t = (int) (pick - (index == 0 ? 0 : windowEnds[index - 1]));
      int frameBytes = episode.frameBytes();
      for (int k = 0; k < JepaTrainer.WINDOW; k++) {
        preprocessor.prepareRgb(
            episode.frames(),
            (t + k) * frameBytes,
            frames,
            (b * JepaTrainer.WINDOW + k) * frameFloats);
        normalisation.normaliseProprio(
            episode.proprio(),
            (t + k) * proprioSize,
            proprio,
            (b * JepaTrainer.WINDOW + k) * proprioSize);
        if (k < JepaTrainer.WINDOW - 1) {
          System.arraycopy(
              episode.actions(),
              (t + k) * actionSize,
              actions,
              (b * (JepaTrainer.WINDOW - 1) + k) * actionSize,
              actionSize);
        }
      }
    }
  }
}
