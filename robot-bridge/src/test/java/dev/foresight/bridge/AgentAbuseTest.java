package dev.foresight.bridge;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Heartbeat;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded abuse of the agent's port on loopback while an authorised planner streams commands at 100
 * Hz: a thousand connections at once, a flood of frames, slow handshakes. Each asserts that every
 * command the planner sent meanwhile was accepted in time (none stale, no watchdog trip) and that
 * the heap stayed bounded. The figures are printed for the record.
 */
class AgentAbuseTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long HEAP_GROWTH_LIMIT = 64L << 20;

  /**
   * The test arm with a 1 s watchdog: these tests are about the network layer, and a machine loaded
   * by the rest of the build may starve the planner thread for longer than 100 ms.
   */
  private static final RobotProfile PROFILE = TestSupport.withWatchdog(Duration.ofSeconds(1));

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RobotAgent agent;
  private BridgeClient planner;
  private Thread plannerLoop;
  private final AtomicBoolean planning = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();

  private long heapBefore;

  @BeforeEach
  void startAgentAndPlanner() throws Exception {
    // The baseline before the planner streams: a full collection pauses every thread, and a pause
    // longer than the watchdog rightly stops the arm.
    System.gc();
    heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    agent =
        RobotAgent.start(
            AgentOptions.loopback(PROFILE)
                .withConnectionLimits(
                    new ConnectionLimits(Duration.ofMillis(500), Duration.ofSeconds(1), 16, 8, 10)),
            new KinematicArmDriver(TestSupport.START, 0));
    closeables.add(agent);
    planner = BridgeClient.builder("127.0.0.1", agent.port()).optClientId("planner").connect();
    closeables.add(planner);
    assertThat(planner.awaitWelcome(WAIT).hasControl()).isTrue();
    assertThat(
            await(
                WAIT,
                () -> {
                  if (!agent.controlLoop().isArmed()) {
                    planner.rearm();
                  }
                  return agent.controlLoop().isArmed();
                }))
        .isTrue();
    plannerLoop =
        new Thread(
            () -> {
              double dx = 0.0002;
              while (planning.get()) {
                dx = -dx; // back and forth, inside the workspace
                if (planner.sendDelta(new Action(dx, 0, 0, 0, 0, 0, 0), Duration.ofMillis(500))
                    > 0) {
                  sent.incrementAndGet();
                }
                planner.markProgress();
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "planner-loop");
    plannerLoop.start();
    assertThat(await(WAIT, () -> agent.telemetry().commandsAccepted() > 20)).isTrue();
  }

  @AfterEach
  void tearDown() throws Exception {
    planning.set(false);
    plannerLoop.join(5000);
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  /** Runs {@code abuse}, then checks the planner was served throughout and the heap stayed put. */
  private void assertPlannerServedDuring(String what, ThrowingRunnable abuse) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long sentBefore = sent.get();
    long acceptedBefore = agent.telemetry().commandsAccepted();
    long staleBefore = agent.telemetry().droppedStale();
    long tripsBefore = agent.telemetry().watchdogTrips();
    long started = System.nanoTime();
    abuse.run();
    // Let the last commands land.
    long sentAfter = sent.get();
    assertThat(
            await(
                WAIT,
                () ->
                    agent.telemetry().commandsAccepted() - acceptedBefore
                        >= sentAfter - sentBefore))
        .as("%s: all %d commands sent meanwhile accepted", what, sentAfter - sentBefore)
        .isTrue();
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(agent.telemetry().droppedStale())
        .as("%s: stale commands", what)
        .isEqualTo(staleBefore);
    assertThat(agent.telemetry().watchdogTrips())
        .as("%s: watchdog trips", what)
        .isEqualTo(tripsBefore);
    assertThat(agent.controlLoop().isArmed()).as("%s: still armed", what).isTrue();
    planning.set(false); // no commands across the collection below
    plannerLoop.join(5000);
    System.gc();
    long growth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
    assertThat(growth).as("%s: heap growth, bytes", what).isLessThan(HEAP_GROWTH_LIMIT);
    System.out.printf(
        "abuse %s: %.1f s, planner commands sent %d, accepted %d, stale 0, watchdog trips 0,"
            + " command latency %s, heap growth %.1f MiB%n",
        what,
        seconds,
        sentAfter - sentBefore,
        agent.telemetry().commandsAccepted() - acceptedBefore,
        BridgeBenchmark.percentiles(agent.telemetry().commandLatency()),
        growth / 1048576.0);
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Whether the agent closed the connection within {@code timeout} (reads and drops frames). */
  private static boolean closedWithin(Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset
    }
    return false;
  }

  @Test
  void aThousandConnectionsAtOnce() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    int[] closedAtOnce = {0};
    int[] closedByDeadline = {0};
    try {
      assertPlannerServedDuring(
          "1000 connections",
          () -> {
            for (int i = 0; i < 1000; i++) {
              sockets.add(new Socket("127.0.0.1", agent.port()));
            }
            // All but the few allowed are refused at once; the rest fail the 500 ms hello deadline.
            List<Socket> open = new ArrayList<>();
            for (Socket socket : sockets) {
              if (closedWithin(socket, Duration.ofMillis(1))) {
                closedAtOnce[0]++;
              } else {
                open.add(socket);
              }
            }
            for (Socket socket : open) {
              if (closedWithin(socket, Duration.ofSeconds(3))) {
                closedByDeadline[0]++;
              }
            }
          });
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    System.out.printf(
        "abuse 1000 connections: %d refused at once (over the cap), %d closed at the hello"
            + " deadline%n",
        closedAtOnce[0], closedByDeadline[0]);
    assertThat(closedAtOnce[0] + closedByDeadline[0]).isEqualTo(1000);
  }

  @Test
  void aFloodOfFramesFromAnObserver() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", agent.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          TestSupport.frameBytes(
              Envelope.newBuilder()
                  .setHello(
                      Hello.newBuilder()
                          .setProtocolVersion(Protocol.VERSION)
                          .setClientId("flood")
                          .setSendTimeNanos(System.nanoTime()))
                  .build()));
      // 200,000 frames: heartbeats, and hellos the agent must refuse; the flood never reads.
      byte[] heartbeat =
          TestSupport.frameBytes(
              Envelope.newBuilder()
                  .setHeartbeat(Heartbeat.newBuilder().setSendTimeNanos(1).setProgress(1))
                  .build());
      byte[] hello =
          TestSupport.frameBytes(
              Envelope.newBuilder().setHello(Hello.getDefaultInstance()).build());
      byte[] batch = new byte[1000 * (heartbeat.length + hello.length)];
      for (int i = 0, at = 0; i < 1000; i++) {
        System.arraycopy(heartbeat, 0, batch, at, heartbeat.length);
        at += heartbeat.length;
        System.arraycopy(hello, 0, batch, at, hello.length);
        at += hello.length;
      }
      long rejectedBefore = agent.telemetry().rejected();
      assertPlannerServedDuring(
          "flood of 200000 frames",
          () -> {
            Thread writer =
                new Thread(
                    () -> {
                      try {
                        for (int i = 0; i < 100; i++) {
                          out.write(batch);
                        }
                        out.flush();
                      } catch (IOException e) {
                        // closed by the agent
                      }
                    },
                    "flood");
            writer.start();
            // The agent reads its share each turn, refuses the duplicate hellos, then closes the
            // connection past 200 messages in a second.
            assertThat(closedWithin(socket, Duration.ofSeconds(2)))
                .as("the flooding connection closed at its message budget")
                .isTrue();
            writer.join(WAIT.toMillis());
          });
      System.out.printf(
          "abuse flood: the agent refused %d messages before closing the connection%n",
          agent.telemetry().rejected() - rejectedBefore);
    }
  }

  @Test
  void slowHandshakes() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      assertPlannerServedDuring(
          "8 slow handshakes, 1 byte per 100 ms",
          () -> {
            for (int i = 0; i < 8; i++) {
              sockets.add(new Socket("127.0.0.1", agent.port()));
            }
            byte[] hello =
                TestSupport.frameBytes(
                    Envelope.newBuilder()
                        .setHello(Hello.newBuilder().setProtocolVersion(1).setClientId("slow"))
                        .build());
            for (int b = 0; b < 15; b++) {
              for (Socket socket : sockets) {
                try {
                  socket.getOutputStream().write(hello[b % hello.length]);
                } catch (IOException closed) {
                  // closed at its hello deadline
                }
              }
              Thread.sleep(100);
            }
            for (Socket socket : sockets) {
              assertThat(closedWithin(socket, Duration.ofSeconds(3))).isTrue();
            }
          });
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
