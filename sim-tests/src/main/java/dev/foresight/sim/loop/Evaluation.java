package dev.foresight.sim.loop;

import dev.foresight.config.PlannerSettings;
import dev.foresight.planner.SearchTuning;
import dev.foresight.runtime.CommandSink;
import dev.foresight.sim.Episode;
import dev.foresight.sim.OracleWorldModel;
import dev.foresight.sim.Policy;
import dev.foresight.sim.RandomExplorer;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Seeds;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.report.EpisodeResult;
import dev.foresight.sim.report.EvalRun;
import dev.foresight.sim.report.Filmstrip;
import dev.foresight.sim.report.HtmlReport;
import dev.foresight.sim.report.Plots;
import dev.foresight.sim.report.Shard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeded evaluation: runs the episodes of one shard of a run through the closed loop and writes
 * {@code results.json}, {@code report.html} and a filmstrip PNG per failed episode. Episode {@code
 * i} has seed {@link Seeds#episodeSeed}(seed, i) whichever shard runs it, so shards merge into
 * exactly the unsharded run.
 */
public final class Evaluation {

  /** A policy for one episode plus what must be closed after it. */
  public record EpisodePolicy(Policy policy, AutoCloseable resources) {}

  /** Makes the policy for an episode. */
  @FunctionalInterface
  public interface PolicyFactory {
    EpisodePolicy create(Episode episode) throws Exception;

    /** CEM over the oracle with the true state distance. */
    static PolicyFactory oracle() {
      return oracle(false);
    }

    /** CEM over the oracle with the true state distance, optionally through the subgoals. */
    static PolicyFactory oracle(boolean subgoals) {
      return oracle(subgoals, SearchOverrides.NONE);
    }

    /**
     * The oracle policy at {@link OraclePlanning#ORACLE_SETTINGS} with {@code overrides} applied:
     * search settings, long-horizon options and how its prediction worlds step.
     */
    static PolicyFactory oracle(boolean subgoals, SearchOverrides overrides) {
      PlannerSettings settings = overrides.apply(OraclePlanning.ORACLE_SETTINGS);
      SearchTuning tuning = overrides.tuning();
      OracleWorldModel.Settings worlds = overrides.oracle();
      return episode -> {
        TaskStateOracle oracle = new TaskStateOracle(episode, worlds);
        try {
          return new EpisodePolicy(
              OraclePlanning.policy(episode, oracle, settings, tuning, subgoals), oracle);
        } catch (RuntimeException e) {
          oracle.close();
          throw e;
        }
      };
    }

    /** Uniformly random actions within the task's bounds (the floor to beat). */
    static PolicyFactory random() {
      return episode ->
          new EpisodePolicy(new RandomExplorer(episode.seed() ^ 0x5DEECE66DL), () -> {});
    }
  }

  /**
   * What to run.
   *
   * @param task the task
   * @param planner label of the policy in reports ({@code learned}, {@code oracle}, {@code random})
   * @param episodes episodes in the whole run
   * @param seed base seed
   * @param shard which part of the run to execute
   * @param out output folder
   * @param render camera settings
   */
  public record Options(
      SimTask task,
      String planner,
      int episodes,
      long seed,
      Shard shard,
      Path out,
      RenderSettings render) {
    /** Checks the episode count. */
    public Options {
      if (episodes < 0) {
        throw new IllegalArgumentException("--episodes must be >= 0, got " + episodes);
      }
    }
  }

  /** Opens the command sink through which actions reach an episode's arm; closed after it. */
  @FunctionalInterface
  public interface ActuatorFactory {
    /** An actuator for the episode and what to close after it. */
    OpenActuator open(Episode episode) throws Exception;

    /** Straight into the episode ({@link Episode#step}): no bridge, for quick experiments. */
    static ActuatorFactory direct() {
      return episode -> new OpenActuator(episode::step, () -> {});
    }

    /** Through a bridge agent on a loopback port driving the simulated arm (the full loop). */
    static ActuatorFactory bridge() {
      return episode -> {
        BridgeActuator actuator =
            new BridgeActuator(episode, SimRobot.robotProfile(episode.spec()));
        return new OpenActuator(actuator, actuator);
      };
    }
  }

  /** An episode's command sink and the resources to close after the episode. */
  public record OpenActuator(CommandSink actuator, AutoCloseable resources) {}

  /** Hears about finished episodes. */
  @FunctionalInterface
  public interface Progress {
    void finished(EpisodeResult result, int done, int total);
  }

  private Evaluation() {}

  /** Runs the shard's episodes and writes the report; returns the shard's results. */
  public static EvalRun run(
      Options options, PolicyFactory policies, ActuatorFactory actuators, Progress progress)
      throws IOException {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < options.episodes(); i++) {
      if (options.shard().contains(i)) {
        indices.add(i);
      }
    }
    List<EpisodeResult> results = new ArrayList<>();
    for (int index : indices) {
      EpisodeResult result = runOne(options, policies, actuators, index);
      results.add(result);
      if (progress != null) {
        progress.finished(result, results.size(), indices.size());
      }
    }
    EvalRun run =
        new EvalRun(
            options.task().spec().name(),
            options.planner(),
            options.seed(),
            options.episodes(),
            options.shard(),
            results);
    HtmlReport.write(options.out(), run, options.task().spec().successCriterion());
    return run;
  }

  private static EpisodeResult runOne(
      Options options, PolicyFactory policies, ActuatorFactory actuators, int index)
      throws IOException {
    long seed = Seeds.episodeSeed(options.seed(), index);
    try (Episode episode = new Episode(options.task(), seed, options.render())) {
      EpisodePolicy policy;
      try {
        policy = policies.create(episode);
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot make the "
                + options.planner()
                + " policy for episode "
                + index
                + ": "
                + e.getMessage(),
            e);
      }
      OpenActuator actuator;
      try {
        actuator = actuators.open(episode);
      } catch (Exception e) {
        closeQuietly(policy.resources());
        throw new IllegalStateException(
            "cannot connect episode " + index + " to its arm: " + e.getMessage(), e);
      }
      try (AutoCloseable resources = policy.resources();
          AutoCloseable arm = actuator.resources()) {
        EpisodeRunner.Outcome outcome =
            EpisodeRunner.run(index, episode, policy.policy(), actuator.actuator(), true, null);
        EpisodeResult result = outcome.result();
        if (result.success()) {
          return result;
        }
        String name = String.format("filmstrips/episode-%06d.png", index);
        Plots.writePng(
            Filmstrip.render(outcome.frames(), outcome.goal(), 10, 2), options.out().resolve(name));
        return result.withFilmstrip(name);
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("closing the policy of episode " + index + " failed", e);
      }
    }
  }

  private static void closeQuietly(AutoCloseable resources) {
    try {
      resources.close();
    } catch (Exception e) {
      // already failing; the first error is the one reported
    }
  }
}
