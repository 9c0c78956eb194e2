package dev.foresight.worldmodel.training;

import dev.foresight.worldmodel.FramePreprocessor;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.Normalisation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out metrics of a trained model, per task:
 *
 * <ul>
 *   <li>{@code H}-step open-loop rollout error in state space, {@code mean ‖P^H(s_t, a_t..t+H−1) −
 *       s_{t+H}‖₂}, against the copy-last-latent baseline {@code mean ‖s_t − s_{t+H}‖₂};
 *   <li>Spearman rank correlation between latent distance {@code ‖s − s_goal‖₂} and true state
 *       distance {@code ‖task_state − goal_task_state‖₂} over (frame, goal) pairs;
 *   <li>per-dimension standard deviation of the image latent {@code z} (collapse check).
 * </ul>
 */
public final class ModelEvaluation {
  /** Latent dimensions with a std below this count as collapsed. */
  public static final double DEAD_STD = 0.01;

  private static final int ENCODE_BATCH = 64;

  private ModelEvaluation() {}

  /**
   * Numbers of one task.
   *
   * @param task task name
   * @param episodes held-out episodes used
   * @param rolloutError mean H-step rollout error (full state)
   * @param copyError mean copy-last-latent error (full state)
   * @param imageRolloutError mean H-step rollout error on the image latent z only
   * @param imageCopyError copy-last-latent error on z only
   * @param spearman rank correlation of full-state distance with true distance
   * @param imageSpearman rank correlation of z distance with true distance
   * @param pairs (frame, goal) pairs in the correlation
   * @param proprioAsState whether the episodes carry no task state (recorded on a real robot or
   *     imported), so the true distance is the end-effector position's (proprio x, y, z)
   * @param stateProbe R² of each true-state component recovered from the image latent z by {@link
   *     StateProbe} (how much of what the task is judged on the latent holds)
   */
  public record TaskMetrics(
      String task,
      int episodes,
      double rolloutError,
      double copyError,
      double imageRolloutError,
      double imageCopyError,
      double spearman,
      double imageSpearman,
      int pairs,
      boolean proprioAsState,
      double[] stateProbe) {

    /** Rollout error divided by the baseline's (acceptance: at most 0.5). */
    public double rolloutRatio() {
      return rolloutError / copyError;
    }
  }

  /**
   * The whole report.
   *
   * @param horizon rollout steps H
   * @param tasks per-task numbers in dataset order
   * @param minLatentStd smallest per-dimension std of z over held-out frames
   * @param deadDimensions dimensions of z with std below {@link #DEAD_STD}
   * @param latentStd std of each z dimension
   */
  public record Report(
      int horizon,
      List<TaskMetrics> tasks,
      double minLatentStd,
      int deadDimensions,
      double[] latentStd) {

    /** Metrics as flat named numbers for the manifest. */
    public Map<String, Double> asMetrics() {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("heldout.minLatentStd", minLatentStd);
      metrics.put("heldout.deadLatentDims", (double) deadDimensions);
      for (TaskMetrics task : tasks) {
        String prefix = "heldout." + task.task() + ".";
        metrics.put(prefix + "rollout" + horizon + "Error", task.rolloutError());
        metrics.put(prefix + "copyLastError", task.copyError());
        metrics.put(prefix + "rolloutRatio", task.rolloutRatio());
        metrics.put(prefix + "spearman", task.spearman());
        metrics.put(prefix + "imageSpearman", task.imageSpearman());
        for (int c = 0; c < task.stateProbe().length; c++) {
          metrics.put(prefix + "stateProbeR2." + c, task.stateProbe()[c]);
        }
      }
      return metrics;
    }

    /** Human-readable table. */
    public String format() {
      StringBuilder text = new StringBuilder();
      text.append(
          String.format(
              "%-12s %4s %10s %10s %7s %9s %9s %8s%n",
              "task",
              "eps",
              "rollout" + horizon,
              "copy-last",
              "ratio",
              "z-ratio",
              "spearman",
              "z-spear"));
      for (TaskMetrics task : tasks) {
        text.append(
            String.format(
                "%-12s %4d %10.4f %10.4f %7.3f %9.3f %9.3f %8.3f%n",
                task.task(),
                task.episodes(),
                task.rolloutError(),
                task.copyError(),
                task.rolloutRatio(),
                task.imageRolloutError() / task.imageCopyError(),
                task.spearman(),
                task.imageSpearman()));
      }
      for (TaskMetrics task : tasks) {
        StringBuilder probe = new StringBuilder();
        for (double r2 : task.stateProbe()) {
          probe.append(String.format(" %.2f", r2));
        }
        text.append(
            String.format(
                "%s: %s from z (%d-NN across held-out episodes), R² per component:%s%n",
                task.task(),
                task.proprioAsState() ? "end-effector position" : "task state",
                StateProbe.NEIGHBOURS,
                probe));
      }
      for (TaskMetrics task : tasks) {
        if (task.proprioAsState()) {
          text.append(
              String.format(
                  "%s: no task state recorded; spearman uses the end-effector position (proprio x,"
                      + " y, z) as the true state%n",
                  task.task()));
        }
      }
      text.append(
          String.format(
              "latent z: min per-dimension std %.4f, %d of %d dimensions below %.2f%n",
              minLatentStd, deadDimensions, latentStd.length, DEAD_STD));
      return text.toString();
    }
  }

  /** Evaluates {@code model} on {@code episodes} (normally the held-out ones). */
  public static Report evaluate(
      LearnedWorldModel model, List<EpisodeDataset.Episode> episodes, int horizon) {
    if (episodes.isEmpty()) {
      throw new IllegalArgumentException("no held-out episodes to evaluate on");
    }
    int latent = model.imageLatentSize();
    Map<String, List<EpisodeDataset.Episode>> byTask = new LinkedHashMap<>();
    for (EpisodeDataset.Episode episode : episodes) {
      byTask.computeIfAbsent(episode.task(), k -> new ArrayList<>()).add(episode);
    }
    double[] sum = new double[latent];
    double[] sumSquares = new double[latent];
    long frames = 0;
    List<TaskMetrics> tasks = new ArrayList<>();
    for (Map.Entry<String, List<EpisodeDataset.Episode>> entry : byTask.entrySet()) {
      double rollout = 0;
      double copy = 0;
      double imageRollout = 0;
      double imageCopy = 0;
      long rollouts = 0;
      List<Double> latentDistances = new ArrayList<>();
      List<Double> imageDistances = new ArrayList<>();
      List<Double> trueDistances = new ArrayList<>();
      boolean proprioAsState = false;
      List<float[]> probeLatents = new ArrayList<>();
      List<float[]> probeStates = new ArrayList<>();
      List<Integer> probeEpisodes = new ArrayList<>();
      int probeStateSize = -1;
      // One number per recorded episode: a frameskip dataset's K offsets of one episode are
      // near-duplicates and must not be each other's neighbours.
      Map<Integer, Integer> episodeNumbers = new LinkedHashMap<>();
      for (EpisodeDataset.Episode episode : entry.getValue()) {
        int stateSize = model.latentSize();
        float[] states = encodeEpisode(model, episode);
        for (int t = 0; t <= episode.steps(); t++) {
          for (int d = 0; d < latent; d++) {
            double value = states[t * stateSize + d];
            sum[d] += value;
            sumSquares[d] += value * value;
          }
          frames++;
        }
        float[] goal = encodeGoal(model, episode);
        int taskStateSize = episode.taskStateSize();
        int proprioSize = episode.proprio().length / (episode.steps() + 1);
        boolean fromProprio = taskStateSize == 0 && proprioSize >= 3;
        proprioAsState |= fromProprio;
        int trueSize = fromProprio ? 3 : taskStateSize;
        if (probeStateSize < 0) {
          probeStateSize = trueSize;
        }
        if (trueSize == probeStateSize) {
          float[] truth = fromProprio ? episode.proprio() : episode.taskState();
          int truthStride = fromProprio ? proprioSize : taskStateSize;
          for (int t = 0; t <= episode.steps(); t++) {
            probeLatents.add(Arrays.copyOfRange(states, t * stateSize, t * stateSize + latent));
            probeStates.add(Arrays.copyOfRange(truth, t * truthStride, t * truthStride + trueSize));
            probeEpisodes.add(
                episodeNumbers.computeIfAbsent(episode.index(), k -> episodeNumbers.size()));
          }
        }
        for (int t = 0; t <= episode.steps(); t++) {
          latentDistances.add(distance(states, t * stateSize, goal, 0, stateSize));
          imageDistances.add(distance(states, t * stateSize, goal, 0, latent));
          trueDistances.add(
              fromProprio
                  ? distance(episode.proprio(), t * proprioSize, episode.goalProprio(), 0, 3)
                  : distance(
                      episode.taskState(),
                      t * taskStateSize,
                      episode.goalTaskState(),
                      0,
                      taskStateSize));
        }
        int starts = episode.steps() - horizon + 1;
        if (starts <= 0) {
          continue;
        }
        float[] current = Arrays.copyOf(states, starts * stateSize);
        float[] next = new float[current.length];
        float[] actions = new float[starts * model.actionSize()];
        for (int k = 0; k < horizon; k++) {
          for (int s = 0; s < starts; s++) {
            System.arraycopy(
                episode.actions(),
                (s + k) * model.actionSize(),
                actions,
                s * model.actionSize(),
                model.actionSize());
          }
          model.predict(starts, current, actions, next);
          float[] swap = current;
          current = next;
          next = swap;
        }
        for (int s = 0; s < starts; s++) {
          int truth = (s + horizon) * stateSize;
          rollout += distance(current, s * stateSize, states, truth, stateSize);
          copy += distance(states, s * stateSize, states, truth, stateSize);
          imageRollout += distance(current, s * stateSize, states, truth, latent);
          imageCopy += distance(states, s * stateSize, states, truth, latent);
          rollouts++;
        }
      }
      tasks.add(
          new TaskMetrics(
              entry.getKey(),
              entry.getValue().size(),
              rollout / Math.max(1, rollouts),
              copy / Math.max(1, rollouts),
              imageRollout / Math.max(1, rollouts),
              imageCopy / Math.max(1, rollouts),
              spearman(latentDistances, trueDistances),
              spearman(imageDistances, trueDistances),
              trueDistances.size(),
              proprioAsState,
              StateProbe.rSquared(
                  probeLatents, latent, probeStates, Math.max(0, probeStateSize), probeEpisodes)));
    }
    double[] std = new double[latent];
    double minStd = Double.MAX_VALUE;
    int dead = 0;
    for (int d = 0; d < latent; d++) {
      double mean = sum[d] / frames;
      std[d] = Math.sqrt(Math.max(0, sumSquares[d] / frames - mean * mean));
      minStd = Math.min(minStd, std[d]);
      if (std[d] < DEAD_STD) {
        dead++;
      }
    }
    return new Report(horizon, tasks, minStd, dead, std);
  }

  /** States {@code [z, p̂]} of every frame of an episode, {@code (T+1) · stateSize} floats. */
  public static float[] encodeEpisode(LearnedWorldModel model, EpisodeDataset.Episode episode) {
    int count = episode.steps() + 1;
    int stateSize = model.latentSize();
    int latent = model.imageLatentSize();
    FramePreprocessor preprocessor = model.preprocessor();
    Normalisation normalisation = model.bundle().manifest().normalisation();
    float[] states = new float[count * stateSize];
    float[] input = new float[ENCODE_BATCH * preprocessor.floatsPerFrame()];
    float[] latents = new float[ENCODE_BATCH * latent];
    int proprioSize = model.bundle().manifest().proprioSize();
    for (int first = 0; first < count; first += ENCODE_BATCH) {
      int batch = Math.min(ENCODE_BATCH, count - first);
      for (int i = 0; i < batch; i++) {
        preprocessor.prepareRgb(
            episode.frames(),
            (first + i) * episode.frameBytes(),
            input,
            i * preprocessor.floatsPerFrame());
      }
      model.encodeFrames(batch, input, latents);
      for (int i = 0; i < batch; i++) {
        int row = first + i;
        System.arraycopy(latents, i * latent, states, row * stateSize, latent);
        normalisation.normaliseProprio(
            episode.proprio(), row * proprioSize, states, row * stateSize + latent);
      }
    }
    return states;
  }

  /** State of the episode's goal image and goal proprio. */
  public static float[] encodeGoal(LearnedWorldModel model, EpisodeDataset.Episode episode) {
    FramePreprocessor preprocessor = model.preprocessor();
    float[] input = new float[preprocessor.floatsPerFrame()];
    preprocessor.prepareRgb(episode.goalFrame(), 0, input, 0);
    float[] latents = new float[model.imageLatentSize()];
    model.encodeFrames(1, input, latents);
    float[] state = new float[model.latentSize()];
    System.arraycopy(latents, 0, state, 0, latents.length);
    model
        .bundle()
        .manifest()
        .normalisation()
        .normaliseProprio(episode.goalProprio(), 0, state, latents.length);
    return state;
  }

  private static double distance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    double sum = 0;
    for (int i = 0; i < length; i++) {
      double d = a[aOffset + i] - b[bOffset + i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** Spearman's ρ: Pearson correlation of the ranks (ties get their average rank). */
  public static double spearman(List<Double> x, List<Double> y) {
    if (x.size() != y.size() || x.size() < 2) {
      return Double.NaN;
    }
    double[] rx = ranks(x);
    double[] ry = ranks(y);
    double mx = Arrays.stream(rx).average().orElse(0);
    double my = Arrays.stream(ry).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < rx.length; i++) {
      sxy += (rx[i] - mx) * (ry[i] - my);
      sxx += (rx[i] - mx) * (rx[i] - mx);
      syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double[] ranks(List<Double> values) {
    Integer[] order = new Integer[values.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values.get(a), values.get(b)));
    double[] ranks = new double[order.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length
          && values.get(order[j + 1]).doubleValue() == values.get(order[i]).doubleValue()) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }
}
