package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
            () ->
                new JepaTrainer.Options(10, 1, 4, 1e-3f, 1e-4f, 0.99f, 0, 1f, -0.5f, 2f, 0, 0f, 0f))
        .hasMessage("proprio decorrelation must be zero or positive and finite, got -0.5");
  }

  private double meanSquaredCovariance(Path data, float weight) throws Exception {
    TrainedStates trained =
        TrainedStates.of(
            data,
            temp.resolve("model-" + weight),
            new JepaTrainer.Options(150, 1, 16, 1e-3f, 1e-4f, 0.99f, 0, 1f, weight, 2f, 0, 0f, 0f));
    int latent = trained.latent();
    int stateSize = trained.stateSize();
    int frames = 0;
    for (int i = 0; i < trained.episodes().size(); i++) {
      frames += trained.frames(i);
    }
    double[][] z = new double[latent][frames];
    double[][] p = new double[2][frames];
    int row = 0;
    for (int i = 0; i < trained.episodes().size(); i++) {
      float[] states = trained.episodes().get(i);
      for (int t = 0; t < trained.frames(i); t++, row++) {
        for (int d = 0; d < latent; d++) {
          z[d][row] = states[t * stateSize + d];
        }
        // The normalised proprio x, y, as the state carries them.
        p[0][row] = states[t * stateSize + latent];
        p[1][row] = states[t * stateSize + latent + 1];
      }
    }
    double sum = 0;
    int count = 0;
    for (double[] dimension : z) {
      for (double[] axis : p) {
        double covariance = covariance(dimension, axis);
        sum += covariance * covariance;
        count++;
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
