package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.AgentMode;
import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.AgentState;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.core.Image;
import dev.foresight.core.Pose;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A simulated episode behind a real agent on loopback: the world steps once per command, frames
 * come out per step, and a planner that goes away ends the episode as failed with the cause.
 */
class HostedEpisodeTest {
  private static final RenderSettings SMALL = RenderSettings.defaults().withSize(16, 16);
  private static final SimTask REACH = Tasks.byName("reach");

  private static HostedEpisode host(long seed) {
    return new HostedEpisode(
        REACH, seed, SMALL, AgentOptions.loopback(SimRobot.robotProfile(REACH.spec())));
  }

  private static BridgeClient connect(HostedEpisode hosted, boolean heartbeats)
      throws InterruptedException {
    BridgeClient client =
        BridgeClient.builder("127.0.0.1", hosted.agent().port())
            .optClientId("test-planner")
            .optHeartbeat(heartbeats ? Duration.ofMillis(20) : null)
            .connect();
    assertThat(client.awaitWelcome(Duration.ofSeconds(10)).hasControl()).isTrue();
    client.rearm();
    await(
        () -> {
          AgentState state = client.latestState();
          return state != null && state.mode() == AgentMode.AGENT_MODE_ARMED;
        },
        "the agent armed");
    return client;
  }

  /** Sends {@code count} small moves, each after the previous one stepped the world. */
  private static void move(HostedEpisode hosted, BridgeClient client, int count)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      int before = hosted.steps();
      Pose now = hosted.driver().state().eePoseInBase();
      client.sendTarget(
          new Pose(now.x() + 0.005, now.y(), now.z(), 0, 0, now.yaw()), 0, Duration.ofSeconds(1));
      await(() -> hosted.steps() == before + 1, "step " + (before + 1));
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  @Test
  void eachCommandStepsTheWorldOnceAndRendersAFrame() throws Exception {
    List<Integer> frameSteps = new CopyOnWriteArrayList<>();
    try (HostedEpisode hosted = host(5)) {
      hosted.addFrameListener((step, frame) -> frameSteps.add(step));
      Image first = hosted.latestFrame();
      try (BridgeClient client = connect(hosted, true)) {
        // Armed, the planning loop alive (progress) but no command: the world does not move.
        for (int i = 0; i < 40; i++) {
          client.markProgress();
          Thread.sleep(5);
        }
        assertThat(hosted.steps()).isZero();
        move(hosted, client, 3);
      }
      assertThat(frameSteps).containsExactly(0, 1, 2, 3);
      assertThat(hosted.latestFrame().pixels()).isNotEqualTo(first.pixels());
      assertThat(hosted.awaitEnd(Duration.ofSeconds(10)).result().failureCause())
          .startsWith("planner disconnected (connection closed; arm held ")
          .contains(" at step 4, ")
          .endsWith(" from the goal");
    }
  }

  @Test
  void aTaskThatLeavesTheGripperOutHoldsItsGripperWhateverTheClientSends() throws Exception {
    SimTask pushT = Tasks.byName("push-t");
    try (HostedEpisode hosted =
            new HostedEpisode(
                pushT, 7, SMALL, AgentOptions.loopback(SimRobot.robotProfile(pushT.spec())));
        BridgeClient client = connect(hosted, true)) {
      float[] proprio = new float[dev.foresight.sim.Episode.PROPRIO_SIZE];
      for (int i = 0; i < 3; i++) {
        int before = hosted.steps();
        Pose now = hosted.driver().state().eePoseInBase();
        // Gripper setpoint 0 (open): push-t pushes with closed fingers, so the agent holds 1.
        client.sendTarget(
            new Pose(now.x() + 0.005, now.y(), now.z(), 0, 0, now.yaw()), 0, Duration.ofSeconds(1));
        await(() -> hosted.steps() == before + 1, "step " + (before + 1));
        assertThat(hosted.driver().state().gripper()).as("measured gripper").isEqualTo(1.0);
        hosted.episode().proprio(proprio);
        assertThat(proprio[6]).as("closure in the picture's proprio").isEqualTo(1f);
      }
      assertThat(SimRobot.robotProfile(REACH.spec()).gripperMax()).isZero();
      assertThat(SimRobot.robotProfile(Tasks.byName("pick-place").spec()).gripperMax())
          .isEqualTo(1.0);
    }
  }

  @Test
  void aSilentPlannerTripsTheWatchdogAndTheEpisodeFailsWithTheCause() throws Exception {
    try (HostedEpisode hosted = host(6);
        BridgeClient client = connect(hosted, false)) {
      move(hosted, client, 2);
      // No heartbeats and no commands: the watchdog stops the arm; nobody re-arms it.
      EpisodeRunner.Outcome outcome = hosted.awaitEnd(Duration.ofSeconds(10));
      assertThat(outcome).isNotNull();
      assertThat(hosted.driver().holding()).isTrue();
      assertThat(outcome.result().success()).isFalse();
      assertThat(outcome.result().steps()).isEqualTo(2);
      assertThat(outcome.result().failureCause())
          .matches("planner disconnected \\(watchdog stop after \\d+ ms\\) at step 3, .*");
      Pose held = hosted.driver().state().eePoseInBase();
      Thread.sleep(200);
      assertThat(hosted.driver().state().eePoseInBase()).isEqualTo(held);
      assertThat(hosted.steps()).isEqualTo(2);
    }
  }
}
