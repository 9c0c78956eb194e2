package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.StopCause;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Seeds;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.report.EpisodeResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The closed loop through a real bridge agent on loopback driving the simulated arm. */
class BridgeLoopTest {
  private static final RenderSettings SMALL = RenderSettings.defaults().withSize(16, 16);

  private static List<EpisodeResult> runTwoEpisodes() throws Exception {
    List<EpisodeResult> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (Episode episode = new Episode(Tasks.byName("reach"), Seeds.episodeSeed(3, i), SMALL);
          TaskStateOracle oracle = new TaskStateOracle(episode);
          BridgeActuator actuator =
              new BridgeActuator(episode, SimRobot.robotProfile(episode.spec()))) {
        PlanningPolicy policy =
            OraclePlanning.policy(episode, oracle, OraclePlanning.ORACLE_SETTINGS);
        results.add(EpisodeRunner.run(i, episode, policy, actuator, false, null).result());
        assertThat(actuator.agent().telemetry().commandsAccepted())
            .isGreaterThanOrEqualTo(results.get(i).steps());
      }
    }
    return results;
  }

  /**
   * Commands as fast as a scripted policy sends them (no planning between steps, as between the
   * searches of receding execution), through the agent and straight into the simulator: the arm
   * goes through exactly the same states, step by step, and the agent clips nothing. Pushing the T
   * block makes the arm lag its targets in contact, which once made the two differ.
   */
  @Test
  void fastCommandsThroughTheAgentMoveTheArmExactlyAsStepsStraightIntoTheSimulator()
      throws Exception {
    long seed = Seeds.episodeSeed(0, 4);
    float[] direct = new float[0];
    float[] bridged = new float[0];
    int steps = 60;
    try (Episode episode = new Episode(Tasks.byName("push-t"), seed, SMALL)) {
      dev.foresight.sim.RandomExplorer explorer = new dev.foresight.sim.RandomExplorer(11);
      float[] state = new float[episode.spec().taskStateSize()];
      direct = new float[steps * state.length];
      for (int k = 0; k < steps; k++) {
        episode.step(explorer.act(episode));
        episode.taskState(state);
        System.arraycopy(state, 0, direct, k * state.length, state.length);
      }
    }
    try (Episode episode = new Episode(Tasks.byName("push-t"), seed, SMALL);
        BridgeActuator actuator =
            new BridgeActuator(episode, SimRobot.robotProfile(episode.spec()))) {
      dev.foresight.sim.RandomExplorer explorer = new dev.foresight.sim.RandomExplorer(11);
      float[] state = new float[episode.spec().taskStateSize()];
      bridged = new float[steps * state.length];
      for (int k = 0; k < steps; k++) {
        actuator.send(explorer.act(episode));
        episode.taskState(state);
        System.arraycopy(state, 0, bridged, k * state.length, state.length);
      }
      assertThat(actuator.agent().telemetry().clamped()).isZero();
    }
    assertThat(bridged).containsExactly(direct);
  }

  @Test
  void episodesThroughTheAgentSucceedAndAreReproducible() throws Exception {
    List<EpisodeResult> first = runTwoEpisodes();
    List<EpisodeResult> second = runTwoEpisodes();
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.get(i).success()).as(first.get(i).toString()).isTrue();
      assertThat(first.get(i).sameOutcome(second.get(i)))
          .as("%s vs %s", first.get(i), second.get(i))
          .isTrue();
    }
  }

  @Test
  void aDeadPlannerLeavesTheArmHolding() throws Exception {
    try (Episode episode = new Episode(Tasks.byName("reach"), 17, SMALL);
        BridgeActuator actuator =
            new BridgeActuator(episode, SimRobot.robotProfile(episode.spec()))) {
      actuator.send(new Action(0.02, 0, 0, 0, 0, 0, 0));
      assertThat(actuator.driver().holding()).isFalse();
      actuator.dropConnection();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!actuator.driver().holding() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(actuator.driver().holding()).isTrue();
      Pose held = episode.world().arm().state().eePoseInBase();
      Thread.sleep(200);
      // Nothing moves a holding arm: the world only advances on commands.
      assertThat(episode.world().arm().state().eePoseInBase()).isEqualTo(held);
      assertThat(actuator.agent().controlLoop().isArmed()).isFalse();
    }
  }

  @Test
  void aStopAndAnAcknowledgedReArmMidEpisodeDoNotChangeTheOutcome() throws Exception {
    EpisodeResult undisturbed = runWithStopAt(-1, true);
    EpisodeResult stopped = runWithStopAt(2, true);
    assertThat(stopped.sameOutcome(undisturbed)).as("%s vs %s", stopped, undisturbed).isTrue();
  }

  @Test
  void anOperatorStopLatchesAndEndsTheEpisodeWithoutAnAcknowledgement() throws Exception {
    EpisodeResult stopped = runWithStopAt(2, false);
    assertThat(stopped.success()).isFalse();
    assertThat(stopped.failureCause())
        .contains("STOP_CAUSE_CLIENT_STOP")
        .contains("operator pressed stop")
        .contains("latches");
  }

  private static EpisodeResult runWithStopAt(int stopStep, boolean acknowledge) throws Exception {
    try (Episode episode = new Episode(Tasks.byName("reach"), Seeds.episodeSeed(5, 0), SMALL);
        TaskStateOracle oracle = new TaskStateOracle(episode);
        BridgeActuator actuator =
            new BridgeActuator(episode, SimRobot.robotProfile(episode.spec()))) {
      PlanningPolicy policy =
          OraclePlanning.policy(episode, oracle, OraclePlanning.ORACLE_SETTINGS);
      int[] step = {0};
      dev.foresight.runtime.CommandSink disturbing =
          action -> {
            if (step[0]++ == stopStep) {
              actuator.requestStop("operator pressed stop");
              if (acknowledge) {
                actuator.acknowledgeStop(StopCause.STOP_CAUSE_CLIENT_STOP);
              }
              long deadline = System.nanoTime() + 5_000_000_000L;
              while (!actuator.driver().holding() && System.nanoTime() < deadline) {
                Thread.sleep(2);
              }
            }
            actuator.send(action);
          };
      EpisodeResult result =
          EpisodeRunner.run(0, episode, policy, disturbing, false, null).result();
      if (acknowledge && stopStep >= 0 && result.steps() > stopStep) {
        assertThat(actuator.rearms()).isEqualTo(1);
      }
      return result;
    }
  }
}
