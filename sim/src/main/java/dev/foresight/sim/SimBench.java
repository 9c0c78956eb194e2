package dev.foresight.sim;

import dev.foresight.core.Action;

/** Speed measurements of the simulator on the calling thread; printed by {@code bench sim}. */
public final class SimBench {
  private SimBench() {}

  /**
   * One measurement.
   *
   * @param name what was measured
   * @param count operations done
   * @param seconds wall-clock time
   */
  public record Result(String name, long count, double seconds, double cpuSeconds) {
    /** Operations per wall-clock second. */
    public double perSecond() {
      return count / seconds;
    }

    /**
     * Operations per second of this thread's CPU time: the speed of one free core, which the
     * wall-clock rate understates on a busy machine.
     */
    public double perCpuSecond() {
      return cpuSeconds > 0 ? count / cpuSeconds : Double.NaN;
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /**
   * Physics steps per second in the pick-place scene (table, gripper of three driven bodies, cube),
   * the gripper grasping and carrying the cube under the scripted expert; control steps of 24
   * physics steps each, as episodes run.
   */
  public static Result physicsSteps(double seconds) {
    SimTask task = Tasks.byName("pick-place");
    long steps = 0;
    long start = 0;
    long cpuStart = 0;
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long warmUp = System.nanoTime() + (long) (Math.min(1.0, seconds / 4) * 1e9);
    boolean measuring = false;
    long seed = 0;
    while (true) {
      try (Episode episode =
          new Episode(task, seed++, RenderSettings.defaults().withSize(16, 16))) {
        Policy expert = episode.expert();
        while (!episode.done()) {
          Action action = expert.act(episode);
          episode.step(action);
          long now = System.nanoTime();
          if (!measuring && now >= warmUp) {
            measuring = true;
            start = now;
            cpuStart = cpuNanos();
            deadline = now + (long) (seconds * 1e9);
          } else if (measuring) {
            steps += episode.world().substeps();
            if (now >= deadline) {
              return new Result(
                  "physics steps (pick-place scene)",
                  steps,
                  (now - start) / 1e9,
                  (cpuNanos() - cpuStart) / 1e9);
            }
          }
        }
      }
    }
  }

  /** Frames rendered per second of the pick-place scene mid-episode. */
  public static Result frames(RenderSettings settings, double seconds) {
    try (Episode episode = new Episode(Tasks.byName("pick-place"), 1, settings)) {
      Policy expert = episode.expert();
      for (int i = 0; i < 20; i++) {
        episode.step(expert.act(episode));
      }
      byte[] frame = new byte[settings.width() * settings.height() * 3];
      Renderer renderer = Renderer.create(settings);
      long warmUpEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 4) * 1e9);
      while (System.nanoTime() < warmUpEnd) {
        renderer.render(episode.world(), frame);
      }
      long start = System.nanoTime();
      long cpuStart = cpuNanos();
      long deadline = start + (long) (seconds * 1e9);
      long count = 0;
      long now;
      do {
        for (int i = 0; i < 10; i++) {
          renderer.render(episode.world(), frame);
        }
        count += 10;
        now = System.nanoTime();
      } while (now < deadline);
      return new Result(
          "frames "
              + settings.camera().cliName()
              + " "
              + settings.width()
              + "x"
              + settings.height(),
          count,
          (now - start) / 1e9,
          (cpuNanos() - cpuStart) / 1e9);
    }
  }
}
