package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.PlannerSettings;
import dev.foresight.config.PlannerSettings.Sampler;
import dev.foresight.config.RobotProfile;
import dev.foresight.planner.models.MlpWorldModel;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A warmed-up planning tick allocates (almost) nothing: every buffer is sized at construction. */
class AllocationTest {
  private static final int WARM_UP_TICKS = 40;
  private static final int MEASURED_TICKS = 40;
  private static final long BYTES_PER_TICK_BOUND = 256;

  @ParameterizedTest
  @EnumSource(Sampler.class)
  void aWarmedUpTickAllocatesAlmostNothing(Sampler sampler) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);

    MlpWorldModel model = new MlpWorldModel(16, 7, 7, 32, 1);
    PlannerSettings settings =
        new PlannerSettings(sampler, 64, 8, 3, 5, Duration.ofSeconds(10), 3, 0.05);
    PlannerOptions options =
        PlannerOptions.builder(settings, ActionBounds.forRobot(RobotProfile.DEFAULTS).build())
            .energy(
                Energy.builder()
                    .add(GoalDistance.l1Summed().proprio(7, 2))
                    .add(Penalties.actionMagnitude(0.1))
                    .add(Penalties.actionSmoothness(0.1))
                    .add(Penalties.latentBox(-7, new float[3], new float[] {1, 1, 1}, 1))
                    .build())
            .build();
    Planner planner = Planners.create(model, options);
    float[] current = new float[model.latentSize()];
    float[] goal = new float[model.latentSize()];
    for (int i = 0; i < goal.length; i++) {
      goal[i] = (i % 5) * 0.1f;
    }
    ActionSequence warmStart = new ActionSequence(5, 7);
    long far = TimeUnit.HOURS.toNanos(1);
    long threadId = Thread.currentThread().getId();

    for (int tick = 0; tick < WARM_UP_TICKS; tick++) {
      warmStart.copyFrom(planner.plan(current, goal, warmStart, System.nanoTime() + far).actions());
    }
    long before = threads.getThreadAllocatedBytes(threadId);
    for (int tick = 0; tick < MEASURED_TICKS; tick++) {
      Plan plan = planner.plan(current, goal, warmStart, System.nanoTime() + far);
      warmStart.copyFrom(plan.actions());
    }
    long allocated = threads.getThreadAllocatedBytes(threadId) - before;

    assertThat(allocated / MEASURED_TICKS)
        .as("bytes allocated per warmed-up %s tick (%d in total)", sampler, allocated)
        .isLessThanOrEqualTo(BYTES_PER_TICK_BOUND);
  }
}
