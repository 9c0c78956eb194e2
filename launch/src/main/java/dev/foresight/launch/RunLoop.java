package dev.foresight.launch;

import dev.foresight.bridge.BridgeClient;
import dev.foresight.bridge.StopCause;
import dev.foresight.perception.Goal;
import dev.foresight.perception.Perception;
import dev.foresight.runtime.BridgeCamera;
import dev.foresight.runtime.BridgeCommands;
import dev.foresight.runtime.ClosedLoop;
import dev.foresight.runtime.ControlTick;
import dev.foresight.runtime.LatestFrame;
import dev.foresight.runtime.PlanningStack;
import dev.foresight.sim.report.EvalSummary;
import dev.foresight.view.LiveView;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One {@code foresight run} against a bridge agent: connects as the controlling client, runs the
 * {@link ClosedLoop} from a frame source, prints a line per step and sends a stop at the end.
 */
final class RunLoop {
  private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(5);

  /** What every run connects with: token, planning stack, goal, command validity, stop cause. */
  record Session(
      String token, PlanningStack stack, Goal goal, Duration validity, StopCause acknowledge) {}

  private final Session session;
  private final int steps;
  private final boolean rearm;
  private final BooleanSupplier interrupted;
  private final PrintWriter stdout;
  private LiveView view;

  /**
   * @param steps control steps at most
   * @param rearm whether to re-arm the agent after a watchdog stop
   * @param interrupted set by Ctrl-C: the loop ends
   * @param stdout receives the live lines
   */
  RunLoop(
      Session session, int steps, boolean rearm, BooleanSupplier interrupted, PrintWriter stdout) {
    this.session = session;
    this.steps = steps;
    this.rearm = rearm;
    this.interrupted = interrupted;
    this.stdout = stdout;
  }

  /** Shows the loop in {@code liveView} (its ticks, the agent's state, STOP); null for none. */
  RunLoop withView(LiveView liveView) {
    this.view = liveView;
    return this;
  }

  /**
   * Connects, runs the loop with live lines and Ctrl-C handling, and stops the arm at the end.
   *
   * @param ssl the client's TLS context, or null for plain TCP
   * @param camera the newest frame of the run's frame source
   */
  ClosedLoop.Result run(String host, int port, SslContext ssl, LatestFrame camera)
      throws InterruptedException {
    AtomicLong states = new AtomicLong();
    try (BridgeClient client =
        AgentClients.controller(host, port, "foresight-run", session.token(), ssl, states)
            .optHeartbeat(Duration.ofMillis(20))
            .optReconnect(false)
            .connect()) {
      BridgeCommands agent =
          new BridgeCommands(client, states, session.validity(), rearm, session.acknowledge());
      PlanningStack stack = session.stack();
      ControlTick tick =
          new ControlTick(new BridgeCamera(camera, agent), Perception.of(stack.model()), stack);
      tick.setGoal(session.goal());
      if (view != null) {
        tick.setListener(view.listener());
        view.watchAgent(host, port, session.token(), ssl);
      }
      ClosedLoop.Result result;
      try {
        result =
            new ClosedLoop(tick, agent, FRAME_TIMEOUT)
                .run(
                    steps,
                    interrupted,
                    (step, decision) -> {
                      stdout.printf(
                          Locale.ROOT,
                          "step %4d/%d  energy %9.4f  planning %6.1f ms  encoding %5.1f ms%n",
                          step,
                          steps,
                          decision.energy(),
                          decision.planningNanos() / 1e6,
                          decision.encodingNanos() / 1e6);
                      stdout.flush();
                    });
      } finally {
        // The arm holds whatever ended the loop; a stopped agent ignores this.
        agent.stop("foresight run ended");
        Thread.sleep(50);
        if (view != null) {
          view.publishFinal(LiveViews.FINAL_UPDATE);
        }
      }
      stdout.printf(
          Locale.ROOT,
          "run ended: %s; planning p50 %.1f ms, p95 %.1f ms%n",
          result.detail(),
          EvalSummary.percentile(result.planningMillis(), 50),
          EvalSummary.percentile(result.planningMillis(), 95));
      stdout.flush();
      return result;
    }
  }
}
