package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import dev.foresight.runtime.ControlTick;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.Evaluation;
import dev.foresight.sim.loop.PlanningPolicy;
import dev.foresight.sim.loop.SearchOverrides;
import dev.foresight.sim.report.EvalSummary;
import dev.foresight.view.LiveView;
import dev.foresight.view.ViewOptions;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench view}: what the live view costs a control tick, measured with and without
 * it in one run — the learned planner over simulated episodes, ticks alternating between phases
 * without the view and with it (a browser connected and reading).
 */
@Command(
    name = "view",
    mixinStandardHelpOptions = true,
    description = {
      "The live view's cost per control tick: the learned planner over simulated episodes, in",
      "alternating phases without and with the view (one browser connected and reading). Prints",
      "planning time per tick in both, the time the tick spends handing itself to the view, and",
      "the CPU the view's own threads use per tick (target: <= 1%% of the planning time)."
    })
final class BenchViewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--task",
      defaultValue = "push-t",
      description = "reach, push-t or pick-place (default ${DEFAULT-VALUE}).")
  String task;

  @Option(
      names = "--ticks",
      defaultValue = "100",
      description = "Control ticks per phase (default ${DEFAULT-VALUE}).")
  int ticks;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description = "Pairs of phases, without then with the view (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--view-rate",
      defaultValue = "10",
      description = "The view's updates per second (default ${DEFAULT-VALUE}).")
  double rateHz;

  @Mixin SimModelMixin modelOptions;

  private Episode episode;
  private PlanningPolicy policy;
  private long seed = 1;

  @Override
  public Integer call() throws Exception {
    if (ticks < 10 || ticks > 100_000) {
      throw new IllegalArgumentException(
          "--ticks " + ticks + " is out of range, expected 10..100000");
    }
    if (rounds < 1 || rounds > 100) {
      throw new IllegalArgumentException(
          "--rounds " + rounds + " is out of range, expected 1..100");
    }
    PrintWriter out = spec.commandLine().getOut();
    SimTask simTask = Tasks.byName(task);
    ForesightConfig cfg = modelOptions.load();
    try (SimPolicies policies =
            SimPolicies.byName(
                "learned",
                cfg,
                modelOptions.bundle(cfg, task),
                false,
                SimPolicies.search(task, "learned", false, SearchOverrides.NONE));
        LiveView view = LiveView.start(new ViewOptions("127.0.0.1", 0, "", rateHz))) {
      AtomicLong messages = new AtomicLong();
      WebSocket browser = browser(view, messages);
      Phase listener = new Phase(view.listener());
      // Warm-up, the view's code included, so that neither phase pays for class loading or JIT.
      runPhase(simTask, policies.factory(), null, Math.min(ticks, 50));
      runPhase(simTask, policies.factory(), view.listener(), Math.min(ticks, 50));
      double[][] without = new double[rounds][];
      double[][] with = new double[rounds][];
      long viewCpuNanos = 0;
      long withNanos = 0;
      for (int round = 0; round < rounds; round++) {
        without[round] = runPhase(simTask, policies.factory(), null, ticks);
        long cpuBefore = viewThreadsCpuNanos();
        long start = System.nanoTime();
        with[round] = runPhase(simTask, policies.factory(), listener, ticks);
        withNanos += System.nanoTime() - start;
        viewCpuNanos += viewThreadsCpuNanos() - cpuBefore;
      }
      browser.abort();
      double[] signedWithout = join(without);
      double[] signedWith = join(with);
      double[] planningWithout = Arrays.stream(signedWithout).map(Math::abs).toArray();
      double[] planningWith = Arrays.stream(signedWith).map(Math::abs).toArray();
      double meanWithout = Arrays.stream(planningWithout).average().orElse(Double.NaN);
      double meanWith = Arrays.stream(planningWith).average().orElse(Double.NaN);
      long viewTicks = (long) rounds * ticks;
      double listenerMicros = listener.nanos / 1e3 / viewTicks;
      double viewCpuMicros = viewCpuNanos / 1e3 / viewTicks;
      out.printf(
          Locale.ROOT,
          "%s, learned planner, %d ticks per phase, %d rounds, view at %.0f Hz, %d messages to"
              + " the browser%n",
          task,
          ticks,
          rounds,
          rateHz,
          messages.get());
      out.printf(
          Locale.ROOT,
          "planning per tick without the view: mean %.3f ms, p50 %.3f ms, per search p50 %.3f ms%n",
          meanWithout,
          EvalSummary.percentile(planningWithout, 50),
          EvalSummary.percentile(searches(signedWithout), 50));
      out.printf(
          Locale.ROOT,
          "planning per tick with the view:    mean %.3f ms, p50 %.3f ms, per search p50 %.3f ms"
              + " (%+.2f%% on the mean)%n",
          meanWith,
          EvalSummary.percentile(planningWith, 50),
          EvalSummary.percentile(searches(signedWith), 50),
          100 * (meanWith - meanWithout) / meanWithout);
      out.printf(
          Locale.ROOT,
          "on the control thread, handing a tick to the view: %.2f us per tick (%.3f%% of the"
              + " planning time)%n",
          listenerMicros,
          100 * listenerMicros / 1e3 / meanWithout);
      out.printf(
          Locale.ROOT,
          "the view's own threads (encoding, sending): %.1f us CPU per tick, %.2f%% of one core"
              + " while the loop ran%n",
          viewCpuMicros,
          100.0 * viewCpuNanos / withNanos);
      out.flush();
    } finally {
      if (episode != null) {
        episode.close();
      }
    }
    return 0;
  }

  /** Runs {@code count} ticks, the view listening when {@code listener} is given. */
  private double[] runPhase(
      SimTask simTask, Evaluation.PolicyFactory policies, ControlTick.Listener listener, int count)
      throws Exception {
    double[] planningMillis = new double[count];
    for (int i = 0; i < count; i++) {
      if (episode == null || episode.done()) {
        if (episode != null) {
          episode.close();
        }
        episode = new Episode(simTask, seed++, RenderSettings.defaults());
        policy = (PlanningPolicy) policies.create(episode).policy();
      }
      policy.tick().setListener(listener);
      episode.step(policy.act(episode));
      // Ticks that reuse the last search (receding execution) are marked negative.
      planningMillis[i] = (policy.lastSearched() ? 1 : -1) * policy.lastPlanningNanos() / 1e6;
    }
    return planningMillis;
  }

  private static double[] join(double[][] phases) {
    return Arrays.stream(phases).flatMapToDouble(Arrays::stream).toArray();
  }

  /** Planning times of the ticks that searched, ms. */
  private static double[] searches(double[] ticks) {
    return Arrays.stream(ticks).filter(t -> t > 0).toArray();
  }

  /** CPU time of the view's threads so far, ns. */
  private static long viewThreadsCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(LiveView.THREAD_PREFIX)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(cpu, 0);
      }
    }
    return total;
  }

  /** A browser that reads everything the view sends. */
  private static WebSocket browser(LiveView view, AtomicLong messages) throws Exception {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(
            URI.create("ws://127.0.0.1:" + view.address().getPort() + "/socket"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                if (last) {
                  messages.incrementAndGet();
                }
                socket.request(1);
                return null;
              }

              @Override
              public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                if (last) {
                  messages.incrementAndGet();
                }
                socket.request(1);
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
  }

  /** The view's listener, timed on the control thread. */
  private static final class Phase implements ControlTick.Listener {
    private final ControlTick.Listener view;
    private long nanos;

    Phase(ControlTick.Listener view) {
      this.view = view;
    }

    @Override
    public void ticked(
        ControlTick.Decision decision,
        dev.foresight.perception.Goal goal,
        dev.foresight.planner.ActionSequence plannedActions,
        java.util.function.Supplier<float[]> predictedPositions) {
      long start = System.nanoTime();
      view.ticked(decision, goal, plannedActions, predictedPositions);
      nanos += System.nanoTime() - start;
    }
  }
}
