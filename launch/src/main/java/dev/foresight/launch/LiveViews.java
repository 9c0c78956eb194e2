package dev.foresight.launch;

import dev.foresight.sim.Policy;
import dev.foresight.sim.loop.BridgeActuator;
import dev.foresight.sim.loop.Evaluation;
import dev.foresight.sim.loop.PlanningPolicy;
import dev.foresight.sim.loop.SimRobot;
import dev.foresight.view.LiveView;
import java.time.Duration;

/**
 * How the simulated entry points ({@code demo}, {@code sim eval}) show their episodes in the live
 * view: the planning policy's control tick feeds the view, and the view watches each episode's
 * bridge agent (arm state, STOP).
 */
final class LiveViews {
  /** How long the end of an episode waits to show browsers the arm's final state, at most. */
  static final Duration FINAL_UPDATE = Duration.ofSeconds(1);

  private LiveViews() {}

  /** Shows one episode: its policy's ticks (when it plans) and its agent. */
  static void attach(LiveView view, Policy policy, BridgeActuator actuator) {
    if (policy instanceof PlanningPolicy planning) {
      planning.tick().setListener(view.listener());
    }
    if (actuator != null) {
      view.watchAgent("127.0.0.1", actuator.agent().port(), "", null);
    }
  }

  /** {@code policies}, each episode's ticks shown in {@code view}. */
  static Evaluation.PolicyFactory shown(Evaluation.PolicyFactory policies, LiveView view) {
    return episode -> {
      Evaluation.EpisodePolicy policy = policies.create(episode);
      attach(view, policy.policy(), null);
      return policy;
    };
  }

  /** Bridge actuators whose agents {@code view} watches, one per episode. */
  static Evaluation.ActuatorFactory bridgeShown(LiveView view) {
    return episode -> {
      BridgeActuator actuator = new BridgeActuator(episode, SimRobot.robotProfile(episode.spec()));
      attach(view, null, actuator);
      return new Evaluation.OpenActuator(
          actuator,
          () -> {
            try {
              view.publishFinal(FINAL_UPDATE);
            } finally {
              actuator.close();
            }
          });
    };
  }
}
