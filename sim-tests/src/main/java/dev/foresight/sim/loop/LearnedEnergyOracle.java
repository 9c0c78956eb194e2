package dev.foresight.sim.loop;

import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import dev.foresight.sim.Episode;
import dev.foresight.sim.OracleWorldModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A diagnostic world model: the simulator's true dynamics seen through a learned model's encoder.
 * Each prediction steps the oracle (the exact physics) from the simulator state behind the input
 * latent, renders the result with the episode's camera and encodes it with the learned model. The
 * planner then searches the learned energy (latent distance to the goal image) over perfect
 * predictions: if it fails where the oracle with the true state distance succeeds, the learned
 * <em>energy</em> (the encoder's latent geometry) is the limit; if it succeeds where the learned
 * model fails, the learned <em>dynamics</em> are.
 *
 * <p>Latents are the learned model's; the simulator state behind each one is kept beside it, keyed
 * by the latent's exact value, from the last {@link #encode} (the live state) through every
 * prediction since. One prediction advances {@link #frameSkip()} control steps with the action held
 * and renders once, so macro-steps cost one render and one encoding.
 */
final class LearnedEnergyOracle implements WorldModel {
  private final Episode live;
  private final WorldModel learned;
  private final OracleWorldModel oracle;
  private final Episode camera;
  private final int frameSkip;
  private final int stateSize;
  private final int latentSize;
  private final Map<LatentKey, float[]> states = new HashMap<>();
  private final float[] proprio = new float[Episode.PROPRIO_SIZE];
  private float[] from = new float[0];
  private float[] to = new float[0];

  /**
   * @param live the controlled episode (read, not modified)
   * @param learned the learned model whose encoder scores states (used, not owned)
   * @param frameSkip control steps per prediction
   */
  LearnedEnergyOracle(Episode live, WorldModel learned, int frameSkip) {
    this.live = live;
    this.learned = learned;
    this.oracle = new OracleWorldModel(live);
    this.camera = new Episode(live.task(), live.seed(), live.renderSettings());
    this.frameSkip = frameSkip;
    this.stateSize = oracle.latentSize();
    this.latentSize = learned.latentSize();
  }

  @Override
  public int latentSize() {
    return latentSize;
  }

  @Override
  public int actionSize() {
    return learned.actionSize();
  }

  @Override
  public int frameSkip() {
    return frameSkip;
  }

  /** Encodes with the learned model; the results stand for the live simulator state. */
  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    learned.encode(observations, latentsOut);
    states.clear();
    float[] state = new float[stateSize];
    oracle.encodeLive(state, 0);
    for (int i = 0; i < observations.size(); i++) {
      states.put(LatentKey.of(latentsOut, i * latentSize, latentSize), state);
    }
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    if (from.length < count * stateSize) {
      from = new float[count * stateSize];
      to = new float[count * stateSize];
    }
    for (int i = 0; i < count; i++) {
      float[] state = states.get(LatentKey.of(latents, i * latentSize, latentSize));
      if (state == null) {
        throw new IllegalStateException(
            "sample " + i + ": no simulator state behind its latent (not encoded or predicted)");
      }
      System.arraycopy(state, 0, from, i * stateSize, stateSize);
    }
    for (int r = 0; r < frameSkip; r++) {
      oracle.predict(count, from, actions, to);
      float[] swap = from;
      from = to;
      to = swap;
    }
    List<Observation> rendered = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      camera.world().restoreState(from, i * stateSize);
      camera.proprio(proprio);
      rendered.add(new Observation(camera.frame(), EpisodeCamera.armState(proprio)));
    }
    learned.encode(rendered, nextLatentsOut);
    for (int i = 0; i < count; i++) {
      states.put(
          LatentKey.of(nextLatentsOut, i * latentSize, latentSize),
          Arrays.copyOfRange(from, i * stateSize, (i + 1) * stateSize));
    }
  }

  @Override
  public void close() {
    oracle.close();
    camera.close();
  }

  /** A latent's exact value. */
  private record LatentKey(float[] values) {
    static LatentKey of(float[] array, int offset, int size) {
      return new LatentKey(Arrays.copyOfRange(array, offset, offset + size));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LatentKey key && Arrays.equals(values, key.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }
}
