package dev.foresight.launch;

import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimBench;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foresight bench sim}: physics steps/s and rendered frames/s on one thread. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Simulator speed on one thread: physics steps/s in the pick-place scene (target >= 30,000)",
      "and rendered frames/s at 64x64 and 224x224 (ray caster targets >= 1,000 and >= 100)."
    })
final class BenchSimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seconds",
      defaultValue = "3",
      description = "Measuring time per number, seconds (default ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() {
    if (!(seconds > 0 && seconds <= 600)) {
      throw new IllegalArgumentException("--seconds must be in (0, 600], got " + seconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    print(out, SimBench.physicsSteps(seconds), "steps/s");
    for (RenderSettings.Camera camera :
        new RenderSettings.Camera[] {
          RenderSettings.Camera.PERSPECTIVE, RenderSettings.Camera.TOP_DOWN
        }) {
      for (int size : new int[] {64, 224}) {
        RenderSettings settings = new RenderSettings(size, size, camera, RenderSettings.NO_JITTER);
        print(out, SimBench.frames(settings, seconds), "frames/s");
      }
    }
    return 0;
  }

  private static void print(PrintWriter out, SimBench.Result result, String unit) {
    out.printf(
        Locale.ROOT,
        "%-36s %,10.0f %s per wall second, %,10.0f per CPU second  (%,d in %.2f s)%n",
        result.name(),
        result.perSecond(),
        unit,
        result.perCpuSecond(),
        result.count(),
        result.seconds());
    out.flush();
  }
}
