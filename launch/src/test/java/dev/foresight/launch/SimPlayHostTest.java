package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.config.RosSettings;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.Tasks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code foresight explore --episode-topic} driving {@code agent --driver sim --play}'s simulated
 * arm on a real roscore: one boundary message per episode, applied commands that are the arm's
 * motion, stamps on the simulation clock.
 */
class SimPlayHostTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void exploreEndsEachEpisodeOnTheTopicAndTheArmPublishesWhatItApplied() throws Exception {
    assertThat(RosTools.missingToolsMessage()).as("ROS tools").isNull();
    SimTask reach = Tasks.byName("reach");
    RosSettings ros = RosSettings.DEFAULTS;
    List<StringMessage> boundaries = new CopyOnWriteArrayList<>();
    List<TwistStamped> commands = new CopyOnWriteArrayList<>();
    List<PoseStamped> poses = new CopyOnWriteArrayList<>();
    try (RosTools core = RosTools.startCore(dir.resolve("ros"), Map.of());
        RosNode arm = RosNode.start(RosNodeSettings.of(core.masterUri(), "arm", "127.0.0.1"));
        SimPlayHost host =
            new SimPlayHost(
                reach,
                1,
                RenderSettings.defaults(),
                SimAgentHost.agentOptions(reach, "127.0.0.1", 0, "", null),
                arm,
                ros);
        RosNode probe = RosNode.start(RosNodeSettings.of(core.masterUri(), "probe", "127.0.0.1"))) {
      probe.subscribe(Topic.of("/explore/episode_end", StringMessage.TYPE), boundaries::add);
      probe.subscribe(Topic.of(ros.commandTopic(), TwistStamped.TYPE), commands::add);
      probe.subscribe(Topic.of(ros.eePoseTopic(), PoseStamped.TYPE), poses::add);
      // The idle arm repeats its state every 0.5 s: once one arrived, the probe is connected.
      long connected = System.nanoTime() + 10_000_000_000L;
      while (poses.isEmpty() && System.nanoTime() < connected) {
        Thread.sleep(20);
      }
      Thread.sleep(300);
      Path config = dir.resolve("explore.yaml");
      Files.writeString(
          config,
          "robot:\n  maxStepM: 0.01\n  maxRotationStepRad: 0.01\nbridge:\n  host: 127.0.0.1\n"
              + "  port: "
              + host.agent().port()
              + "\n");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status =
          ForesightCli.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "explore",
              "--config",
              config.toString(),
              "--episodes",
              "2",
              "--steps",
              "6",
              "--period",
              "0.03",
              "--episode-topic",
              "/explore/episode_end",
              "--out",
              dir.toString(),
              "__master:=" + core.masterUri());
      assertThat(status).as(err + "\n" + out).isZero();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (boundaries.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(200);
      assertThat(boundaries).as("one message per episode").hasSize(2);

      int steps = host.steps();
      assertThat(steps).as("walk and return steps").isGreaterThanOrEqualTo(12);
      assertThat(commands).as("applied commands").hasSizeGreaterThanOrEqualTo(steps - 1);
      for (TwistStamped command : commands) {
        int step = command.header().seq();
        PoseStamped before = poseAt(poses, host.stampNanos(step));
        PoseStamped after = poseAt(poses, host.stampNanos(step + 1));
        double moved = after.pose().position().x() - before.pose().position().x();
        assertThat(command.twist().linear().x() * 0.1)
            .as("applied command of step %d vs the arm's motion", step)
            .isCloseTo(moved, within(1e-3));
      }
    }
  }

  /** The pose stamped exactly {@code stampNanos} (the simulation clock), failing if none. */
  private static PoseStamped poseAt(List<PoseStamped> poses, long stampNanos) {
    return poses.stream()
        .filter(p -> p.header().stamp().toNanos() == stampNanos)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pose stamped " + stampNanos));
  }
}
