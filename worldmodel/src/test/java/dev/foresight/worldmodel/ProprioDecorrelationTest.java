package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --proprio-decorrelation}: the image latent of a model trained with it carries less of the
 * arm's position linearly than one trained with the first recipe's heads, on the same data.
 */
class ProprioDecorrelationTest {
  @TempDir Path temp;

  @Test
  void latentIsLessCorrelatedWithTheProprio() throws Exception {
    Path data = temp.resolve("data");
    SyntheticDataset.write(data, 20, 15, 3);
    double recipe = meanSquaredCovariance(data, 0f);
    double decorrelated = meanSquaredCovariance(data, 10f);
    System.out.printf(
        "mean Cov(z_i, p̂_x/y)²: heads %.4f, decorrelation %.4f%n", recipe, decorrelated);
    assertThat(decorrelated).isLessThan(recipe * 0.6);
  }

  @Test
  void negativeWeightIsRejected() {
    assertThatThrownBy(
            () -> new JepaTrainer.Options(10, 1, 4, 1e-3f, 1e-4f, 0.99f, 0, 1f, -0.5f, 2f, 0))
        .hasMessage("proprio decorrelation must be zero or positive and finite, got -0.5");
  }

  private double meanSquaredCovariance(Path data, float weight) throws Exception {
    Path out = temp.resolve("model-" + weight);
    ModelTraining.run(
        List.of(data),
        out,
        Architecture.standard(7, 7),
        new JepaTrainer.Options(150, 1, 16, 1e-3f, 1e-4f, 0.99f, 0, 1f, weight, 2f, 0),
        new JepaTrainer.Listener() {},
        "test");
    EpisodeDataset dataset = EpisodeDataset.load(List.of(data));
    double sum = 0;
    int count = 0;
    try (OrtWorldModel model = new OrtWorldModel(ModelBundle.read(out), 1)) {
      int latent = model.imageLatentSize();
      int stateSize = model.latentSize();
      int frames = 0;
      for (EpisodeDataset.Episode episode : dataset.episodes()) {
        frames += episode.steps() + 1;
      }
      double[][] z = new double[latent][frames];
      double[][] p = new double[2][frames];
      int row = 0;
      for (EpisodeDataset.Episode episode : dataset.episodes()) {
        float[] states = ModelEvaluation.encodeEpisode(model, episode);
        for (int t = 0; t <= episode.steps(); t++, row++) {
          for (int d = 0; d < latent; d++) {
            z[d][row] = states[t * stateSize + d];
          }
          // The normalised proprio x, y, as the state carries them.
          p[0][row] = states[t * stateSize + latent];
          p[1][row] = states[t * stateSize + latent + 1];
        }
      }
      for (double[] dimension : z) {
        for (double[] axis : p) {
          double covariance = covariance(dimension, axis);
          sum += covariance * covariance;
          count++;
        }
      }
    }
    return sum / count;
  }

  private static double covariance(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
    }
    return sxy / (x.length - 1);
  }
}
