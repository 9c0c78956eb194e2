package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ModelSettings;
import dev.foresight.sim.DatasetRecorder;
import dev.foresight.sim.PolicyKind;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Tasks;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import dev.foresight.worldmodel.training.EpisodeDataset;
import dev.foresight.worldmodel.training.FrameSkip;
import dev.foresight.worldmodel.training.JepaTrainer;
import dev.foresight.worldmodel.training.ModelEvaluation;
import dev.foresight.worldmodel.training.ModelTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped bundles on episodes they have never seen: freshly recorded with the datasets' mixed
 * policy (noisy expert or random walk per episode) from a base seed the training data did not use.
 * Each task is evaluated with the bundle the demo and {@code sim eval} plan it with ({@code
 * models/foresight-TASK} where one ships, else the default bundle), in the bundle's own steps (a
 * frameskip-k bundle's episodes are cut into macro-steps of k control steps, {@link FrameSkip}, so
 * its 5-step rollout spans 5k control steps). Prints the 5-step rollout error next to the
 * copy-last-latent baseline and the energy correlation, and holds every task to the issue's
 * targets: rollout at most half the baseline, Spearman ρ of latent distance against true state
 * distance at least 0.8.
 *
 * <p>A frameskip-k bundle is asked by its planner what one action held for k control steps does; on
 * the mixed policy's smoothly varying actions a macro-step's action is only the mean of k different
 * ones. So its rollout is measured on fresh episodes whose actions are held k steps ({@code sim
 * record --hold k}), against copy-last on the same episodes, and its ρ — a property of the encoder
 * alone — on the mixed episodes every bundle is measured on (the held noisy expert rarely nears the
 * goal, where ρ matters to the planner). Both reports are printed.
 */
class ShippedModelQualityTest {
  private static final Path MODELS = Path.of("..", "models");
  private static final Path DEFAULT = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());
  private static final int EPISODES = 100;
  private static final long SEED = 20_261_130;

  /** Largest rollout ratio and smallest ρ allowed (the targets). */
  private static final double MAX_RATIO = 0.5;

  private static final double MIN_SPEARMAN = 0.8;

  @Test
  void rolloutBeatsCopyLastAndLatentDistanceTracksTrueDistance(@TempDir Path dir) throws Exception {
    int checked = 0;
    for (String task : List.of("reach", "push-t", "pick-place")) {
      Path own = MODELS.resolve("foresight-" + task);
      Path path = Files.isRegularFile(own.resolve("manifest.json")) ? own : DEFAULT;
      ModelBundle bundle = ModelBundle.read(path);
      assertThat(bundle.manifest().training().tasks()).contains(task);
      int skip = bundle.manifest().frameSkip();
      ModelEvaluation.Report mixed = evaluate(bundle, path, task, 1, dir);
      ModelEvaluation.Report held = skip > 1 ? evaluate(bundle, path, task, skip, dir) : mixed;
      assertThat(mixed.tasks()).hasSize(1);
      assertThat(held.tasks()).hasSize(1);
      ModelEvaluation.TaskMetrics rollout = held.tasks().get(0);
      ModelEvaluation.TaskMetrics ranking = mixed.tasks().get(0);
      assertThat(rollout.rolloutRatio())
          .as(
              "%s: rollout %.4f vs copy-last %.4f (actions held %d steps)",
              task, rollout.rolloutError(), rollout.copyError(), skip)
          .isLessThanOrEqualTo(MAX_RATIO);
      assertThat(ranking.spearman())
          .as("%s: Spearman ρ", task)
          .isGreaterThanOrEqualTo(MIN_SPEARMAN);
      checked++;
    }
    assertThat(checked).isEqualTo(3);
  }

  /**
   * {@code bundle} on {@link #EPISODES} fresh mixed-policy episodes of {@code task} whose actions
   * are each held {@code hold} control steps; the report is printed.
   */
  private static ModelEvaluation.Report evaluate(
      ModelBundle bundle, Path path, String task, int hold, Path dir) throws Exception {
    Path out = dir.resolve(task + "-hold" + hold);
    DatasetRecorder.record(
        new DatasetRecorder.Options(
            Tasks.byName(task),
            EPISODES,
            SEED,
            PolicyKind.MIXED,
            out,
            RenderSettings.defaults(),
            50,
            hold),
        (done, total) -> {});
    ModelEvaluation.Report report;
    try (OrtWorldModel model = new OrtWorldModel(bundle, 1)) {
      report =
          ModelEvaluation.evaluate(
              model,
              FrameSkip.apply(
                      EpisodeDataset.load(List.of(out)),
                      bundle.manifest().frameSkip(),
                      JepaTrainer.WINDOW)
                  .episodes(),
              ModelTraining.EVALUATION_HORIZON);
    }
    System.out.printf(
        "%s on %d fresh %s episodes (base seed %d, actions held %d step(s)):%n%s",
        path, EPISODES, task, SEED, hold, report.format());
    assertThat(report.deadDimensions()).as("%s: collapsed latent dimensions", task).isZero();
    return report;
  }
}
