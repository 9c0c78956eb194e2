package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ContrastiveLossTest {
  @Test
  void costsNothingWhenEveryWindowIsItsOwnNearestAndLogBWhenAllLookAlike() {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      int batch = 8;
      int latent = 4;
      float[] values = new float[batch * latent];
      for (int b = 0; b < batch; b++) {
        values[b * latent + b % latent] = 10f * (1 + b / latent);
      }
      NDArray apart = manager.create(values, new Shape(batch, latent));
      double separated = JepaLoss.contrastive(apart, apart.add(0.01f)).getFloat();
      assertThat(separated).isCloseTo(0.0, within(1e-3));

      NDArray same = manager.ones(new Shape(batch, latent));
      double collapsed = JepaLoss.contrastive(same, same).getFloat();
      assertThat(collapsed).isCloseTo(Math.log(batch), within(1e-4));

      // Two windows whose latents coincide (the same block position, say, turned differently)
      // cost more than if they were told apart.
      float[] twins = values.clone();
      System.arraycopy(twins, 0, twins, latent, latent);
      NDArray confused = manager.create(twins, new Shape(batch, latent));
      assertThat((double) JepaLoss.contrastive(confused, confused).getFloat())
          .isGreaterThan(separated + 0.1);
    }
  }
}
