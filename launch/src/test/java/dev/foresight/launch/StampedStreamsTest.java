package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.Point;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stamp order across topics, late messages and clock jumps, before the step sampler. */
class StampedStreamsTest {
  private static final long MS = 1_000_000L;
  private static final long BASE = 1_700_000_000_000L * MS;

  /** One message of tick {@code k} (every 10 ms): a topic index and what to feed. */
  private record Message(int topic, int tick) {}

  private final List<StepSampler.Episode> episodes = new ArrayList<>();

  private StampedStreams streams() {
    StepSampler sampler = new StepSampler(100 * MS, 1000 * MS, 1000, 12, episodes::add);
    return new StampedStreams(
        sampler, new BagFrames(2), null, 100 * MS, "/camera", "/pose", "/joints", "/command");
  }

  private static void feed(StampedStreams streams, Message m) throws Exception {
    long stamp = BASE + m.tick() * 10 * MS;
    switch (m.topic()) {
      case 0 ->
          streams.image(
              new ImageMessage(
                  Header.of(m.tick(), stamp, ""),
                  2,
                  2,
                  "rgb8",
                  (byte) 0,
                  6,
                  new byte[] {
                    (byte) m.tick(),
                    0,
                    0,
                    (byte) m.tick(),
                    0,
                    0,
                    (byte) m.tick(),
                    0,
                    0,
                    (byte) m.tick(),
                    0,
                    0
                  }),
              0);
      case 1 ->
          streams.pose(
              new PoseStamped(
                  Header.of(m.tick(), stamp, ""),
                  new PoseMessage(new Point(m.tick(), 0, 0), new Quaternion(0, 0, 0, 1))),
              0);
      case 2 ->
          streams.joints(
              new JointState(
                  Header.of(m.tick(), stamp, ""),
                  new String[] {"gripper"},
                  new double[] {m.tick() / 100.0},
                  new double[0],
                  new double[0]),
              0);
      default ->
          streams.command(
              new TwistStamped(
                  Header.of(m.tick(), stamp, ""),
                  new Twist(new Vector3(m.tick(), 0, 0), new Vector3(0, 0, 0))),
              0);
    }
  }

  private static List<Message> run(int ticks) {
    List<Message> messages = new ArrayList<>();
    for (int k = 0; k < ticks; k++) {
      for (int topic = 0; topic < 4; topic++) {
        messages.add(new Message(topic, k));
      }
    }
    return messages;
  }

  @Test
  void topicsArrivingOutOfOrderWithinTheWindowGiveTheSameEpisodeAsInOrder() throws Exception {
    StampedStreams inOrder = streams();
    for (Message m : run(100)) {
      feed(inOrder, m);
    }
    inOrder.finish();
    StepSampler.Episode expected = episodes.remove(0);
    assertThat(episodes).isEmpty();

    // Each topic keeps its own order (one connection each) but lags the others by up to 150 ms.
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      List<List<Message>> perTopic = new ArrayList<>();
      for (int topic = 0; topic < 4; topic++) {
        perTopic.add(new ArrayList<>());
      }
      for (Message m : run(100)) {
        perTopic.get(m.topic()).add(m);
      }
      int[] lag = {random.nextInt(16), random.nextInt(16), random.nextInt(16), random.nextInt(16)};
      List<long[]> arrivals = new ArrayList<>();
      for (int topic = 0; topic < 4; topic++) {
        for (Message m : perTopic.get(topic)) {
          arrivals.add(new long[] {m.tick() + lag[topic], topic, m.tick()});
        }
      }
      Collections.shuffle(arrivals, random);
      arrivals.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
      StampedStreams streams = streams();
      for (long[] a : arrivals) {
        feed(streams, new Message((int) a[1], (int) a[2]));
      }
      streams.finish();
      assertThat(streams.lateCount()).isZero();
      assertThat(episodes).hasSize(1);
      StepSampler.Episode episode = episodes.remove(0);
      assertThat(episode.timeNanos()).as("trial %d", trial).containsExactly(expected.timeNanos());
      assertThat(episode.frames()).containsExactly(expected.frames());
      assertThat(episode.proprio()).containsExactly(expected.proprio());
      assertThat(episode.actions()).containsExactly(expected.actions());
    }
  }

  @Test
  void aMessageLaterThanTheWindowIsDroppedAndCounted() throws Exception {
    StampedStreams streams = streams();
    for (Message m : run(50)) {
      if (m.topic() != 3) {
        feed(streams, m);
      }
    }
    // The first command, stamped 100 ms: 390 ms behind the newest stamp, 90 ms behind what left
    // the window already.
    feed(streams, new Message(3, 10));
    streams.finish();
    assertThat(streams.lateCount()).isEqualTo(1);
  }

  @Test
  void aStampMoreThanHalfAStepBackOnOneTopicIsAClockJump() throws Exception {
    StampedStreams streams = streams();
    for (Message m : run(20)) {
      feed(streams, m);
    }
    feed(streams, new Message(1, 15)); // 40 ms back: tolerated
    assertThatThrownBy(() -> feed(streams, new Message(1, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the clock jumps back by 0.140 s on /pose, expected stamps that never decrease by"
                + " more than half a step (0.050 s)");
  }

  /**
   * A boundary after the newest stamp waits in the reorder window for newer stamps, which a
   * simulation clock at rest never sends: {@code releaseBoundary} ends the episode at once, and
   * messages stamped before it that come later are late.
   */
  @Test
  void aBoundaryIsReleasedWithoutNewerStampsAndOlderMessagesAreLateAfterIt() throws Exception {
    StampedStreams streams = streams();
    for (int tick = 0; tick <= 30; tick++) {
      for (int topic = 0; topic < 4; topic++) {
        feed(streams, new Message(topic, tick));
      }
    }
    streams.boundary();
    assertThat(episodes).as("the boundary waits for stamps 300 ms newer").isEmpty();
    streams.releaseBoundary();
    assertThat(episodes).hasSize(1);
    // Ticks 0, 10 and 20: the boundary at tick 30's stamp ends the episode before it.
    assertThat(episodes.get(0).timeNanos()).hasSize(3);
    feed(streams, new Message(1, 29));
    assertThat(streams.lateCount()).isEqualTo(1);
    streams.releaseBoundary(); // nothing waiting: no effect
    assertThat(episodes).hasSize(1);
  }
}
