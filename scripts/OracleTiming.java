import dev.foresight.core.Action;
import dev.foresight.sim.Episode;
import dev.foresight.sim.OracleWorldModel;
import dev.foresight.sim.Policy;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.TaskStateOracle;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where an oracle prediction's time goes: builds, restores, steps, saves and reads the task state
 * of the simulator, per task, on one thread. Run with
 * {@code java -cp "launch/target/classes:$(cat launch/target/runtime-classpath.txt)" scripts/OracleTiming.java}.
 */
public final class OracleTiming {
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
    for (String name : new String[] {"push-t", "pick-place"}) {
      SimTask task = Tasks.byName(name);
      try (Episode live = new Episode(task, 7, RenderSettings.defaults().withSize(16, 16));
          Episode scratch = new Episode(task, 7, RenderSettings.defaults().withSize(16, 16));
          TaskStateOracle oracle = new TaskStateOracle(live)) {
        Policy expert = live.expert();
        for (int i = 0; i < 20; i++) {
          live.step(expert.act(live));
        }
        int n = live.world().stateSize();
        float[] state = new float[n];
        float[] out = new float[n];
        live.world().saveState(state, 0);
        float[] taskState = new float[task.spec().taskStateSize()];
        SplittableRandom random = new SplittableRandom(1);
        Action action = new Action(0.01, -0.01, 0, 0, 0, 0.05, 0.5);
        System.out.printf(Locale.ROOT, "%s: state %d floats, %d substeps per control step%n",
            name, n, scratch.world().substeps());
        report(name, "new Episode (build a world)", seconds, () -> {
          new Episode(task, 7, RenderSettings.defaults().withSize(16, 16)).close();
        });
        report(name, "restoreState", seconds, () -> scratch.world().restoreState(state, 0));
        report(name, "saveState", seconds, () -> scratch.world().saveState(out, 0));
        report(name, "taskState", seconds, () -> scratch.taskState(taskState));
        report(name, "restore + Episode.step (one control step)", seconds, () -> {
          scratch.world().restoreState(state, 0);
          scratch.step(action);
        });
        report(name, "restore + 24 physicsStep (no contact clearing)", seconds, () -> {
          scratch.world().restoreState(state, 0);
          for (int i = 0; i < scratch.world().substeps(); i++) {
            scratch.world().physicsStep();
          }
        });
        int batch = 64;
        float[] latents = new float[batch * oracle.latentSize()];
        oracle.encodeLive(latents);
        for (int s = 1; s < batch; s++) {
          System.arraycopy(latents, 0, latents, s * oracle.latentSize(), oracle.latentSize());
        }
        float[] actions = new float[batch * Action.SIZE];
        for (int i = 0; i < actions.length; i++) {
          actions[i] =
              i % Action.SIZE == 6 ? (float) random.nextDouble() : (float) random.nextDouble(-0.03, 0.03);
        }
        float[] next = new float[latents.length];
        OracleWorldModel.Settings[] variants = {
          OracleWorldModel.Settings.EXACT,
          new OracleWorldModel.Settings(2, 0, 0),
          new OracleWorldModel.Settings(1, 0, 10),
          new OracleWorldModel.Settings(1, 12, 0),
          new OracleWorldModel.Settings(1, 12, 10),
          new OracleWorldModel.Settings(1, 6, 10),
          new OracleWorldModel.Settings(2, 12, 10)
        };
        float[] exactEnd = null;
        for (OracleWorldModel.Settings variant : variants) {
          try (TaskStateOracle model = new TaskStateOracle(live, variant)) {
            double[] wall = new double[1];
            double perBatch = report(name, "predict batch 64, " + variant, seconds,
                () -> model.predict(batch, latents, actions, next), wall);
            // Open-loop accuracy: 25 control steps of the batch's actions from the live state.
            float[] a = latents.clone();
            float[] b = new float[a.length];
            for (int k = 0; k < 25; k++) {
              model.predict(batch, a, actions, b);
              float[] t = a; a = b; b = t;
            }
            double error = 0;
            if (exactEnd == null) {
              exactEnd = a.clone();
            } else {
              int ts = task.spec().taskStateSize();
              for (int s = 0; s < batch; s++) {
                double sq = 0;
                for (int i = 0; i < Math.min(ts, 3); i++) {
                  double d = a[s * model.latentSize() + i] - exactEnd[s * model.latentSize() + i];
                  sq += d * d;
                }
                error += Math.sqrt(sq) / batch;
              }
            }
            System.out.printf(Locale.ROOT,
                "  %-50s %9.4f ms cpu, %9.4f ms wall per prediction; 25-step task-state error %.4f m%n",
                "  -> per prediction", perBatch / batch, wall[0] / batch, error);
          }
        }
      }
    }
  }

  private static double report(String task, String what, double seconds, Runnable op) {
    return report(task, what, seconds, op, new double[1]);
  }

  private static double report(
      String task, String what, double seconds, Runnable op, double[] wallOut) {
    long warm = System.nanoTime() + (long) (0.3e9);
    while (System.nanoTime() < warm) {
      op.run();
    }
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long count = 0;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      op.run();
      count++;
    }
    double wallMs = (System.nanoTime() - t0) / 1e6 / count;
    double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / count;
    wallOut[0] = wallMs;
    System.out.printf(Locale.ROOT, "  %-50s %9.4f ms wall, %9.4f ms cpu%n", what, wallMs, cpuMs);
    return cpuMs;
  }
}
