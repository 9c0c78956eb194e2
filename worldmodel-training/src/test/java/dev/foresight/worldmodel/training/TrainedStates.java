package dev.foresight.worldmodel.training;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a model on a dataset with given options and encodes every episode of that dataset with it
 * (on OnnxRuntime): the shared set-up of tests that compare latents of two training settings.
 *
 * @param latent image latent size
 * @param stateSize state size ({@code [z, p̂]})
 * @param episodes per episode, {@code [T+1, stateSize]} states
 */
record TrainedStates(int latent, int stateSize, List<float[]> episodes) {

  static TrainedStates of(Path data, Path out, JepaTrainer.Options options) throws Exception {
    ModelTraining.run(
        List.of(data),
        out,
        Architecture.standard(7, 7),
        options,
        new JepaTrainer.Listener() {},
        "test");
    List<float[]> states = new ArrayList<>();
    try (OrtWorldModel model = new OrtWorldModel(ModelBundle.read(out), 1)) {
      for (EpisodeDataset.Episode episode : EpisodeDataset.load(List.of(data)).episodes()) {
        states.add(ModelEvaluation.encodeEpisode(model, episode));
      }
      return new TrainedStates(model.imageLatentSize(), model.latentSize(), states);
    }
  }

  /** Frames of episode {@code i}. */
  int frames(int i) {
    return episodes.get(i).length / stateSize;
  }
}
