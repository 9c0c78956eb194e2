package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.core.Pose;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed-step sampling of timed streams: step times, held commands, gaps and the step limit. */
class StepSamplerTest {
  private static final long MS = 1_000_000L;
  private final List<StepSampler.Episode> episodes = new ArrayList<>();

  private StepSampler sampler(int maxSteps) {
    return new StepSampler(100 * MS, 1000 * MS, maxSteps, 3, episodes::add);
  }

  /** Camera, pose and gripper every 10 ms from {@code fromMs} to {@code toMs} (exclusive). */
  private static void streams(StepSampler sampler, long fromMs, long toMs) throws Exception {
    for (long t = fromMs; t < toMs; t += 10) {
      sampler.frame(t * MS, new byte[] {(byte) (t / 10), 0, 0});
      sampler.pose(t * MS, new Pose(t / 1000.0, 0, 0, 0, 0, 0));
      sampler.gripper(t * MS, 0.25);
    }
  }

  @Test
  void aCommandHoldsForTwoPeriodsThenTheActionIsZero() throws Exception {
    StepSampler sampler = sampler(1000);
    sampler.command(0, new double[] {1, 0, 0, 0, 0, 2});
    streams(sampler, 0, 1000);
    sampler.finish();
    assertThat(episodes).hasSize(1);
    StepSampler.Episode episode = episodes.get(0);
    // Steps at 0, 100, …, 900 ms; the last is only an observation.
    assertThat(episode.timeNanos()).hasSize(10).startsWith(0L, 100 * MS);
    float[] actions = episode.actions();
    for (int k = 0; k < 9; k++) {
      boolean held = k * 100 <= 200;
      assertThat(actions[7 * k]).as("dx at step %d", k).isEqualTo(held ? 0.1f : 0f);
      assertThat(actions[7 * k + 5]).as("dYaw at step %d", k).isEqualTo(held ? 0.2f : 0f);
      assertThat(actions[7 * k + 6]).as("gripper").isEqualTo(0.25f);
    }
    assertThat(episode.proprio()[7 * 3]).isCloseTo(0.3f, within(1e-6f));
    assertThat(episode.frames()[3 * 3]).isEqualTo((byte) 30);
  }

  @Test
  void aSilentStreamEndsTheEpisodeAtItsLastMessage() throws Exception {
    StepSampler sampler = sampler(1000);
    streams(sampler, 0, 1000);
    for (long t = 1000; t < 3000; t += 10) {
      sampler.pose(t * MS, new Pose(0, 0, 0, 0, 0, 0)); // the camera and gripper fell silent
    }
    streams(sampler, 3000, 3500);
    sampler.finish();
    assertThat(episodes).hasSize(2);
    long[] first = episodes.get(0).timeNanos();
    assertThat(first[first.length - 1])
        .as("last step before the camera's last frame at 990 ms")
        .isEqualTo(900 * MS);
    assertThat(episodes.get(1).timeNanos()[0]).isEqualTo(3000 * MS);
  }

  @Test
  void theStepLimitSplitsALongRun() throws Exception {
    StepSampler sampler = sampler(4);
    streams(sampler, 0, 2000);
    sampler.finish();
    assertThat(episodes).allSatisfy(episode -> assertThat(episode.steps()).isBetween(1, 4));
    assertThat(episodes.get(0).steps()).isEqualTo(4);
    assertThat(episodes.size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aBoundaryEndsTheEpisodeAndTheNextMessageStartsOne() throws Exception {
    StepSampler sampler = sampler(1000);
    streams(sampler, 0, 450);
    sampler.boundary(450 * MS);
    streams(sampler, 450, 1000);
    sampler.finish();
    assertThat(episodes).hasSize(2);
    assertThat(episodes.get(0).timeNanos())
        .containsExactly(0L, 100 * MS, 200 * MS, 300 * MS, 400 * MS);
    assertThat(episodes.get(1).timeNanos()[0]).isEqualTo(450 * MS);
  }
}
