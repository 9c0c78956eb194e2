package dev.foresight.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.core.WorldModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link WorldModel} contract, run against every implementation: a test class per model extends
 * this one and opens the model. The checks follow the interface's javadoc: positive sizes that do
 * not change; {@code predict} of N samples in one call equal to N one-sample calls (within {@link
 * #batchTolerance()}), deterministic, leaving its inputs unmodified and writing exactly {@code
 * count · latentSize} floats; {@code encode} of k observations consistent with encoding each alone,
 * under the same rules; an idempotent {@code close()}.
 *
 * <p>A model that does not encode camera frames (its latents come from elsewhere) returns no {@link
 * #observations()}; its {@code encode} must still accept an empty list, so no method of the
 * interface can be a stub that throws.
 *
 * <p>The checks are public so that a subclass can override one with {@code @Disabled} naming a
 * known violation while its fix is pending; each such override is a bug to fix, not a waiver.
 */
public abstract class WorldModelContract {
  private static final float SENTINEL = -123456.75f;
  private static final int SAMPLES = 7;

  private WorldModel model;

  /** Opens a fresh model; the contract closes it after each check. */
  protected abstract WorldModel open() throws Exception;

  /**
   * At least two different observations the model can encode, or an empty list when it does not
   * encode frames. The default: two 64×64 RGB frames (a gradient and a checkerboard) with two arm
   * poses.
   */
  protected List<Observation> observations() {
    return List.of(
        new Observation(
            frame(64, 64, (x, y) -> 4 * x), new ArmState(0, new Pose(0.4, 0.1, 0.2, 0, 0, 0), 0)),
        new Observation(
            frame(64, 64, (x, y) -> ((x / 8 + y / 8) % 2) * 200),
            new ArmState(0, new Pose(0.5, -0.1, 0.1, 0, 0, 0.3), 1)));
  }

  /**
   * {@code count} latents the model can predict from, {@code count · latentSize} floats. The
   * default: independent N(0, 0.25) values.
   */
  protected float[] latents(int count, SplittableRandom random) {
    return gaussian(count * model.latentSize(), 0.5, random);
  }

  /**
   * {@code count} actions, {@code count · actionSize} floats. The default: uniform in [-0.03,
   * 0.03].
   */
  protected float[] actions(int count, SplittableRandom random) {
    float[] actions = new float[count * model.actionSize()];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = (float) random.nextDouble(-0.03, 0.03);
    }
    return actions;
  }

  /**
   * How far a value from a batched call may be from the one-sample call's, relative to its size
   * (and absolute below 1): 0 for bit-identical results. Batched inference engines may differ in
   * the last bits.
   */
  protected float batchTolerance() {
    return 0f;
  }

  /** The model under test. */
  protected final WorldModel model() {
    return model;
  }

  @BeforeEach
  final void openModel() throws Exception {
    model = open();
  }

  @AfterEach
  final void closeModel() throws Exception {
    if (model != null) {
      model.close();
    }
  }

  @Test
  public void sizesArePositiveAndStable() {
    int latentSize = model.latentSize();
    int actionSize = model.actionSize();
    assertThat(latentSize).isPositive();
    assertThat(actionSize).isPositive();
    SplittableRandom random = new SplittableRandom(1);
    model.predict(2, latents(2, random), actions(2, random), new float[2 * latentSize]);
    assertThat(model.latentSize()).isEqualTo(latentSize);
    assertThat(model.actionSize()).isEqualTo(actionSize);
  }

  @Test
  public void predictOfManySamplesInOneCallEqualsOneCallPerSample() {
    int latent = model.latentSize();
    int action = model.actionSize();
    SplittableRandom random = new SplittableRandom(2);
    float[] latents = latents(SAMPLES, random);
    float[] actions = actions(SAMPLES, random);
    float[] batched = new float[SAMPLES * latent];
    model.predict(SAMPLES, latents, actions, batched);
    float[] one = new float[latent];
    for (int s = 0; s < SAMPLES; s++) {
      model.predict(
          1,
          Arrays.copyOfRange(latents, s * latent, (s + 1) * latent),
          Arrays.copyOfRange(actions, s * action, (s + 1) * action),
          one);
      assertClose(batched, s * latent, one, "sample " + s + " of a batch of " + SAMPLES);
    }
    // The prediction depends on the action: a model that ignored it would pass the above.
    float[] otherActions = actions.clone();
    System.arraycopy(actions(1, new SplittableRandom(4)), 0, otherActions, 0, action);
    float[] moved = new float[SAMPLES * latent];
    model.predict(SAMPLES, latents, otherActions, moved);
    assertThat(Arrays.copyOfRange(moved, 0, latent))
        .as("the next latent of sample 0 under another action")
        .isNotEqualTo(Arrays.copyOfRange(batched, 0, latent));
  }

  @Test
  public void predictIsDeterministicLeavesItsInputsAndWritesExactlyItsOutput() {
    int latent = model.latentSize();
    SplittableRandom random = new SplittableRandom(3);
    float[] latents = latents(SAMPLES, random);
    float[] actions = actions(SAMPLES, random);
    float[] latentsBefore = latents.clone();
    float[] actionsBefore = actions.clone();
    // One sample's room more than needed: it must keep its sentinels.
    float[] first = sentinels((SAMPLES + 1) * latent);
    model.predict(SAMPLES, latents, actions, first);
    assertThat(latents).as("latents after predict").containsExactly(latentsBefore);
    assertThat(actions).as("actions after predict").containsExactly(actionsBefore);
    assertWrittenExactly(first, SAMPLES * latent, "predict of " + SAMPLES + " samples");
    float[] second = sentinels((SAMPLES + 1) * latent);
    model.predict(SAMPLES, latents, actions, second);
    assertThat(second).as("the same prediction again").containsExactly(first);
  }

  @Test
  public void encodeOfSeveralObservationsEqualsEncodingEachAlone() {
    List<Observation> observations = observations();
    assumeThat(observations).as("observations the model encodes").isNotEmpty();
    int latent = model.latentSize();
    int count = observations.size();
    List<byte[]> pixelsBefore = new ArrayList<>();
    for (Observation o : observations) {
      pixelsBefore.add(o.frame().pixels().clone());
    }
    float[] together = sentinels((count + 1) * latent);
    model.encode(observations, together);
    assertWrittenExactly(together, count * latent, "encode of " + count + " observations");
    for (int i = 0; i < count; i++) {
      assertThat(observations.get(i).frame().pixels())
          .as("frame %d after encode", i)
          .containsExactly(pixelsBefore.get(i));
      float[] alone = sentinels(latent);
      model.encode(List.of(observations.get(i)), alone);
      assertClose(together, i * latent, alone, "observation " + i + " of " + count);
    }
    float[] again = sentinels((count + 1) * latent);
    model.encode(observations, again);
    assertThat(again).as("the same observations encoded again").containsExactly(together);
    assertThat(Arrays.copyOfRange(together, 0, latent))
        .as("different observations give different latents")
        .isNotEqualTo(Arrays.copyOfRange(together, latent, 2 * latent));
  }

  @Test
  public void encodeOfNoObservationsWritesNothing() {
    float[] out = sentinels(model.latentSize());
    assertThatCode(() -> model.encode(List.of(), out)).doesNotThrowAnyException();
    assertWrittenExactly(out, 0, "encode of no observations");
  }

  @Test
  public void closeIsIdempotent() {
    assertThatCode(
            () -> {
              model.close();
              model.close();
            })
        .doesNotThrowAnyException();
  }

  private void assertClose(float[] batched, int offset, float[] alone, String what) {
    float tolerance = batchTolerance();
    for (int d = 0; d < alone.length; d++) {
      float a = batched[offset + d];
      float b = alone[d];
      if (tolerance == 0f) {
        assertThat(Float.floatToIntBits(a))
            .as("%s, latent index %d: %s batched vs %s alone", what, d, a, b)
            .isEqualTo(Float.floatToIntBits(b));
      } else {
        assertThat(Math.abs(a - b))
            .as("%s, latent index %d: %s batched vs %s alone", what, d, a, b)
            .isLessThanOrEqualTo(tolerance * Math.max(1f, Math.abs(b)));
      }
    }
  }

  /** The first {@code written} floats were written and are finite; the rest kept the sentinel. */
  private static void assertWrittenExactly(float[] out, int written, String what) {
    for (int i = 0; i < out.length; i++) {
      if (i < written) {
        assertThat(out[i] != SENTINEL && Float.isFinite(out[i]))
            .as("%s: value %d is %s, expected a finite value written by the model", what, i, out[i])
            .isTrue();
      } else {
        assertThat(out[i])
            .as("%s: value %d lies past the %d values to write", what, i, written)
            .isEqualTo(SENTINEL);
      }
    }
  }

  private static float[] sentinels(int size) {
    float[] values = new float[size];
    Arrays.fill(values, SENTINEL);
    return values;
  }

  /** {@code size} values drawn from N(0, σ²). */
  protected static float[] gaussian(int size, double sigma, SplittableRandom random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) (sigma * random.nextGaussian());
    }
    return values;
  }

  /** Grey level of a test frame's pixel. */
  @FunctionalInterface
  protected interface Pattern {
    /** Grey level 0 … 255 at column {@code x}, row {@code y}. */
    int grey(int x, int y);
  }

  /** A {@code width × height} RGB8 frame of {@code pattern}'s grey levels (slightly tinted). */
  protected static Image frame(int width, int height, Pattern pattern) {
    byte[] pixels = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int grey = Math.max(0, Math.min(255, pattern.grey(x, y)));
        int p = (y * width + x) * 3;
        pixels[p] = (byte) grey;
        pixels[p + 1] = (byte) (grey * 3 / 4);
        pixels[p + 2] = (byte) (255 - grey);
      }
    }
    return new Image(width, height, PixelEncoding.RGB8, pixels);
  }
}
