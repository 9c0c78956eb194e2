package dev.foresight.bridge;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.RecordingArmDriver.Entry;
import dev.foresight.bridge.RecordingArmDriver.Kind;
import dev.foresight.bridge.v1.ClampReport;
import dev.foresight.bridge.v1.Command;
import dev.foresight.bridge.v1.CommandMode;
import dev.foresight.bridge.v1.EeDelta;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.FaultCode;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent and client over real loopback sockets, with the recording driver standing in for the
 * arm. Waits poll with generous bounds; nothing asserts on wall-clock speed.
 */
class AgentLoopbackTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RecordingArmDriver driver;
  private RobotAgent agent;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private RobotAgent startAgent(AgentOptions options) {
    driver = new RecordingArmDriver(new KinematicArmDriver(TestSupport.START, 0), 200_000);
    agent = RobotAgent.start(options, driver);
    closeables.add(agent);
    return agent;
  }

  private RobotAgent startAgent() {
    return startAgent(AgentOptions.loopback(TestSupport.PROFILE));
  }

  /** A connected client whose messages land in {@code events}. */
  private BridgeClient client(
      String id, boolean control, LinkedBlockingQueue<Envelope> events, BridgeClient.Builder b) {
    BridgeClient client =
        b.optClientId(id).optRequestControl(control).optEnvelopeListener(events::add).connect();
    closeables.add(client);
    return client;
  }

  private BridgeClient client(String id, boolean control, LinkedBlockingQueue<Envelope> events) {
    return client(id, control, events, BridgeClient.builder("127.0.0.1", agent.port()));
  }

  private static Envelope next(LinkedBlockingQueue<Envelope> events, Envelope.BodyCase kind)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Envelope e = events.poll(50, TimeUnit.MILLISECONDS);
      if (e != null && e.getBodyCase() == kind) {
        return e;
      }
    }
    throw new AssertionError("no " + kind + " within " + WAIT);
  }

  private void armAndWait(BridgeClient client) throws InterruptedException {
    // Re-arms again if a starved client let the watchdog trip meanwhile.
    assertThat(
            await(
                WAIT,
                () -> {
                  if (!agent.controlLoop().isArmed()) {
                    client.rearm();
                  }
                  return agent.controlLoop().isArmed();
                }))
        .as("armed")
        .isTrue();
  }

  /** Sends deltas (re-arming as needed) until the agent accepted {@code count} more commands. */
  private void streamUntilAccepted(BridgeClient client, long count) throws InterruptedException {
    long target = agent.telemetry().commandsAccepted() + count;
    assertThat(
            await(
                WAIT,
                () -> {
                  if (!agent.controlLoop().isArmed()) {
                    client.rearm();
                  }
                  client.sendDelta(new Action(0.0005, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
                  return agent.telemetry().commandsAccepted() >= target;
                }))
        .as("accepted %d more commands", count)
        .isTrue();
  }

  /**
   * The recorded calls after {@code fromIndex} show that motion ended no later than the watchdog
   * deadline and that the very next control tick held the arm, with no motion after the hold.
   */
  static void assertHeldWithinWatchdogPlusOnePeriod(
      List<Entry> entries, int fromIndex, long lastValidInputNanos, RobotProfile profile) {
    int hold = -1;
    for (int i = fromIndex; i < entries.size(); i++) {
      if (entries.get(i).kind() == Kind.HOLD) {
        hold = i;
        break;
      }
    }
    assertThat(hold).as("the driver was told to hold").isGreaterThan(fromIndex);
    Entry lastMotion = entries.get(hold - 1);
    assertThat(lastMotion.kind()).isEqualTo(Kind.COMMAND);
    long deadline = lastValidInputNanos + profile.watchdogTimeout().toNanos();
    assertThat(lastMotion.tickTimeNanos())
        .as("no setpoint was sent after the watchdog deadline")
        .isLessThanOrEqualTo(deadline);
    // The hold came at the first control tick after the last setpoint: the tick due at most one
    // control period after that setpoint, hence within watchdog + one period of the last input.
    assertThat(entries.subList(hold + 1, entries.size()))
        .as("nothing moves after the hold")
        .allMatch(e -> e.kind() == Kind.HOLD);
  }

  @Test
  void wrongTokenIsRefusedAndTheRightOneAccepted() throws InterruptedException {
    startAgent(AgentOptions.loopback(TestSupport.PROFILE).withAuthToken("s3cret"));
    LinkedBlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
    BridgeClient intruder =
        client(
            "intruder",
            true,
            events,
            BridgeClient.builder("127.0.0.1", agent.port()).optAuthToken("guess"));
    assertThatThrownBy(() -> intruder.awaitWelcome(WAIT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused the hello")
        .hasMessageContaining("auth_token does not match");
    assertThat(intruder.fatalReject().reason())
        .isEqualTo(AgentReject.Reason.REJECT_REASON_AUTH_FAILED);

    BridgeClient planner =
        client(
            "planner",
            true,
            new LinkedBlockingQueue<>(),
            BridgeClient.builder("127.0.0.1", agent.port()).optAuthToken("s3cret"));
    assertThat(planner.awaitWelcome(WAIT).hasControl())
        .as("the refused client never held control")
        .isTrue();
  }

  @Test
  void secondClientCannotTakeControlWhileTheFirstHoldsIt() throws InterruptedException {
    startAgent();
    BridgeClient first = client("first", true, new LinkedBlockingQueue<>());
    assertThat(first.awaitWelcome(WAIT).hasControl()).isTrue();
    LinkedBlockingQueue<Envelope> secondEvents = new LinkedBlockingQueue<>();
    BridgeClient second = client("second", true, secondEvents);
    Welcome welcome = second.awaitWelcome(WAIT).wire();
    assertThat(welcome.getHasControl()).isFalse();
    assertThat(welcome.getControllerId()).isEqualTo("first");

    assertThat(second.rearm()).isTrue();
    assertThat(next(secondEvents, Envelope.BodyCase.REJECT).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_NOT_CONTROLLER);
    assertThat(second.sendDelta(new Action(0.01, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1)))
        .isPositive();
    assertThat(next(secondEvents, Envelope.BodyCase.REJECT).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_NOT_CONTROLLER);
    assertThat(agent.controlLoop().isArmed()).as("the watcher could not arm").isFalse();
    assertThat(agent.telemetry().commandsAccepted()).isZero();
    // The watcher still sees the arm's state.
    assertThat(await(WAIT, () -> second.latestState() != null)).isTrue();

    streamUntilAccepted(first, 1);
  }

  @Test
  void commandsBeyondTheWorkspaceAreClampedReportedAndSpeedLimited() throws InterruptedException {
    startAgent();
    LinkedBlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
    BridgeClient planner = client("planner", true, events);
    planner.awaitWelcome(WAIT);
    armAndWait(planner);
    Pose outside = new Pose(0.95, 0.0, -0.1, 0, 0, 0);
    Box box = TestSupport.PROFILE.workspaceInBase();
    boolean reachedEdge =
        await(
            Duration.ofSeconds(30),
            () -> {
              if (!agent.controlLoop().isArmed()) {
                planner.rearm(); // a loaded machine may starve the client past the watchdog
              }
              planner.sendTarget(outside, 1.4, Duration.ofSeconds(1));
              List<Entry> entries = driver.entries();
              Entry last = entries.get(entries.size() - 1);
              return last.x() == box.maxX() && last.z() == box.minZ();
            });
    assertThat(reachedEdge).as("the arm reached the workspace edge").isTrue();

    List<ClampReport> reports = new ArrayList<>();
    for (Envelope e : events) {
      if (e.hasClampReport()) {
        reports.add(e.getClampReport());
      }
    }
    assertThat(reports).isNotEmpty();
    assertThat(reports)
        .allSatisfy(
            r -> {
              assertThat(r.getRequestedTargetInBase().getX()).isEqualTo(0.95);
              assertThat(r.getAppliedTargetInBase().getX()).isLessThanOrEqualTo(box.maxX());
              assertThat(r.getAppliedGripper()).isEqualTo(1.0);
              assertThat(r.getFlags() & SafetyFilter.CLAMP_GRIPPER).isNotZero();
            });
    assertThat(reports)
        .anySatisfy(
            r -> {
              assertThat(r.getFlags() & SafetyFilter.CLAMP_WORKSPACE).isNotZero();
              assertThat(r.getAppliedTargetInBase().getX()).isEqualTo(box.maxX());
              assertThat(r.getAppliedTargetInBase().getZ()).isEqualTo(box.minZ());
            });
    assertThat(agent.telemetry().clamped()).isEqualTo(agent.telemetry().commandsAccepted());

    double maxStepPerTick =
        TestSupport.PROFILE.effectiveSpeedLimitMps() / TestSupport.PROFILE.controlRateHz();
    List<Entry> commands = driver.entries().stream().filter(e -> e.kind() == Kind.COMMAND).toList();
    for (int i = 0; i < commands.size(); i++) {
      Entry e = commands.get(i);
      assertThat(box.contains(e.x(), e.y(), e.z())).as("setpoint %d inside the box", i).isTrue();
      assertThat(e.linearSpeedMps())
          .isLessThanOrEqualTo(TestSupport.PROFILE.effectiveSpeedLimitMps() * (1 + 1e-9));
      if (i > 0) {
        Entry p = commands.get(i - 1);
        double step = Math.sqrt(sq(e.x() - p.x()) + sq(e.y() - p.y()) + sq(e.z() - p.z()));
        assertThat(step).as("step %d", i).isLessThanOrEqualTo(maxStepPerTick * (1 + 1e-9));
      }
    }
  }

  @Test
  void collaborativeModeCapsTheSpeedAt250MillimetresPerSecond() throws InterruptedException {
    RobotProfile collaborative =
        new RobotProfile(
            "cobot",
            TestSupport.PROFILE.workspaceInBase(),
            1.0,
            0.05,
            0.2,
            0,
            1,
            250,
            Duration.ofMillis(100),
            true);
    startAgent(AgentOptions.loopback(collaborative));
    BridgeClient planner = client("planner", true, new LinkedBlockingQueue<>());
    assertThat(planner.awaitWelcome(WAIT).limits().effectiveSpeedLimitMps()).isEqualTo(0.25);
    armAndWait(planner);
    Pose far = new Pose(0.75, 0.3, 0.2, 0, 0, 0);
    assertThat(
            await(
                Duration.ofSeconds(30),
                () -> {
                  if (!agent.controlLoop().isArmed()) {
                    planner.rearm();
                  }
                  planner.sendTarget(far, 0, Duration.ofSeconds(1));
                  List<Entry> entries = driver.entries();
                  Entry last = entries.get(entries.size() - 1);
                  return Math.abs(last.x() - 0.75) < 1e-9 && Math.abs(last.y() - 0.3) < 1e-9;
                }))
        .isTrue();
    double maxSpeed =
        driver.entries().stream().mapToDouble(Entry::linearSpeedMps).max().orElseThrow();
    assertThat(maxSpeed).isLessThanOrEqualTo(0.25 * (1 + 1e-9)).isGreaterThan(0.2);
  }

  @Test
  void silentControllerTripsTheWatchdogAndTheArmHoldsUntilRearmed() throws InterruptedException {
    startAgent();
    LinkedBlockingQueue<Envelope> watcherEvents = new LinkedBlockingQueue<>();
    BridgeClient watcher = client("watcher", false, watcherEvents);
    watcher.awaitWelcome(WAIT);
    LinkedBlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
    BridgeClient planner =
        client(
            "hung-planner",
            true,
            events,
            BridgeClient.builder("127.0.0.1", agent.port()).optHeartbeat(null));
    planner.awaitWelcome(WAIT);
    // Stream until a few commands got through in one armed stretch, then go silent.
    boolean streamed =
        await(
            Duration.ofSeconds(30),
            () -> {
              if (!agent.controlLoop().isArmed()) {
                planner.rearm();
              }
              planner.sendDelta(new Action(0.001, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
              return agent.controlLoop().isArmed() && agent.telemetry().commandsAccepted() >= 20;
            });
    assertThat(streamed).isTrue();
    int fromIndex = driver.entries().size() - 1;
    long tripsBefore = agent.telemetry().watchdogTrips();

    assertThat(await(WAIT, () -> !agent.controlLoop().isArmed())).as("stopped").isTrue();
    assertThat(agent.controlLoop().stopCause()).isEqualTo(StopCause.STOP_CAUSE_WATCHDOG);
    assertThat(agent.telemetry().watchdogTrips()).isEqualTo(tripsBefore + 1);
    assertHeldWithinWatchdogPlusOnePeriod(
        driver.entries(), fromIndex, agent.telemetry().lastValidInputNanos(), TestSupport.PROFILE);
    assertThat(next(watcherEvents, Envelope.BodyCase.FAULT).getFault().getCode())
        .isEqualTo(FaultCode.FAULT_CODE_WATCHDOG);
    assertThat(
            await(
                WAIT,
                () ->
                    watcher.latestState() != null
                        && watcher.latestState().stopCause() == StopCause.STOP_CAUSE_WATCHDOG))
        .isTrue();

    // Commands do not move a stopped arm: an explicit re-arm is required.
    events.clear();
    int sizeAfterStop = driver.entries().size();
    planner.sendDelta(new Action(0.01, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
    assertThat(next(events, Envelope.BodyCase.REJECT).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_NOT_ARMED);
    assertThat(driver.entries().subList(sizeAfterStop, driver.entries().size()))
        .allMatch(e -> e.kind() == Kind.HOLD);

    double xBefore = driver.entries().get(driver.entries().size() - 1).x();
    boolean movedAgain =
        await(
            Duration.ofSeconds(30),
            () -> {
              if (!agent.controlLoop().isArmed()) {
                planner.rearm();
              }
              planner.sendDelta(new Action(0.002, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
              List<Entry> entries = driver.entries();
              return entries.get(entries.size() - 1).x() > xBefore + 0.005;
            });
    assertThat(movedAgain).as("moves again after re-arm").isTrue();
  }

  @Test
  void killedClientProcessLeavesTheArmHoldingWithinWatchdogPlusOnePeriod(@TempDir Path dir)
      throws Exception {
    startAgent();
    Path output = dir.resolve("client.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StreamingClientMain.class.getName(),
                "127.0.0.1",
                Integer.toString(agent.port()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    closeables.add(child::destroyForcibly);
    boolean streaming =
        await(
            Duration.ofSeconds(60),
            () ->
                agent.controlLoop().isArmed() && agent.telemetry().commandsAccepted() >= 30
                    || !child.isAlive());
    assertThat(child.isAlive()).as("client process runs (see %s)", output).isTrue();
    assertThat(streaming).isTrue();
    int fromIndex = driver.entries().size() - 1;

    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(await(WAIT, () -> !agent.controlLoop().isArmed())).as("stopped").isTrue();
    assertThat(agent.controlLoop().stopCause())
        .isIn(StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED, StopCause.STOP_CAUSE_WATCHDOG);
    assertHeldWithinWatchdogPlusOnePeriod(
        driver.entries(), fromIndex, agent.telemetry().lastValidInputNanos(), TestSupport.PROFILE);
    // Control is free again: a new client may take it (and must re-arm).
    BridgeClient next = client("next", true, new LinkedBlockingQueue<>());
    assertThat(next.awaitWelcome(WAIT).hasControl()).isTrue();
    assertThat(agent.controlLoop().isArmed()).isFalse();
  }

  @Test
  void stateCarriesJointsWhenTheDriverKnowsThem() throws InterruptedException {
    ArmDriver twoJoints =
        new ArmDriver() {
          private final KinematicArmDriver arm = new KinematicArmDriver(TestSupport.START, 0);

          @Override
          public String name() {
            return "two-joint";
          }

          @Override
          public dev.foresight.core.ArmState state() {
            return arm.state();
          }

          @Override
          public void command(Setpoint setpoint) {
            arm.command(setpoint);
          }

          @Override
          public void hold() {
            arm.hold();
          }

          @Override
          public int jointCount() {
            return 2;
          }

          @Override
          public void readJoints(double[] positionsRad, double[] velocitiesRadPerS) {
            positionsRad[0] = 0.5;
            positionsRad[1] = -1.25;
            velocitiesRadPerS[0] = 0;
            velocitiesRadPerS[1] = 0.1;
          }
        };
    agent = RobotAgent.start(AgentOptions.loopback(TestSupport.PROFILE), twoJoints);
    closeables.add(agent);
    BridgeClient watcher = client("watcher", false, new LinkedBlockingQueue<>());
    watcher.awaitWelcome(WAIT);
    // A state sent before the control thread's first read of the driver carries zeros (under load
    // the first read may come a state period late): wait for the joints the driver reports.
    assertThat(
            await(
                WAIT,
                () ->
                    watcher.latestState() != null
                        && watcher.latestState().wire().getJointPositionsRadCount() == 2
                        && watcher.latestState().wire().getJointPositionsRad(0) == 0.5))
        .isTrue();
    assertThat(watcher.latestState().wire().getJointPositionsRadList()).containsExactly(0.5, -1.25);
    assertThat(watcher.latestState().wire().getJointVelocitiesRadPerSList())
        .containsExactly(0.0, 0.1);
    assertThat(watcher.latestState().wire().getEePoseInBase().getX())
        .isEqualTo(TestSupport.START.x());
  }

  @Test
  void portInUseIsOneClearError() {
    startAgent();
    int port = agent.port();
    assertThatThrownBy(
            () ->
                RobotAgent.start(
                    AgentOptions.loopback(TestSupport.PROFILE).withPort(port),
                    new KinematicArmDriver(TestSupport.START, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("agent cannot listen on 127.0.0.1:" + port)
        .hasMessageContaining("Address already in use");
    assertThat(agent.port()).as("the first agent still listens").isEqualTo(port);
  }

  @Test
  void staleAndOutOfOrderCommandsAreDroppedAndCounted() throws InterruptedException {
    startAgent();
    BridgeClient planner = client("planner", true, new LinkedBlockingQueue<>());
    planner.awaitWelcome(WAIT);
    armAndWait(planner);
    long now = System.nanoTime();
    Command.Builder base =
        Command.newBuilder()
            .setMode(CommandMode.COMMAND_MODE_EE_DELTA)
            .setEeDelta(EeDelta.newBuilder().setDx(0.001));
    // Sequence 100: fresh. 99 and 100 again: out of order. 101: expired a second ago.
    planner.sendRaw(
        Envelope.newBuilder()
            .setCommand(
                base.clone()
                    .setSequence(100)
                    .setSendTimeNanos(now)
                    .setValidUntilNanos(now + 1_000_000_000L))
            .build());
    planner.sendRaw(
        Envelope.newBuilder()
            .setCommand(
                base.clone()
                    .setSequence(99)
                    .setSendTimeNanos(now)
                    .setValidUntilNanos(now + 1_000_000_000L))
            .build());
    planner.sendRaw(
        Envelope.newBuilder()
            .setCommand(
                base.clone()
                    .setSequence(100)
                    .setSendTimeNanos(now)
                    .setValidUntilNanos(now + 1_000_000_000L))
            .build());
    planner.sendRaw(
        Envelope.newBuilder()
            .setCommand(
                base.clone()
                    .setSequence(101)
                    .setSendTimeNanos(now - 2_000_000_000L)
                    .setValidUntilNanos(now - 1_000_000_000L))
            .build());
    assertThat(await(WAIT, () -> agent.telemetry().commandsReceived() == 4)).isTrue();
    assertThat(agent.telemetry().droppedOutOfOrder()).isEqualTo(2);
    assertThat(agent.telemetry().droppedStale()).isEqualTo(1);
    // Sequence 100 passed the checks: accepted, or refused only if the watchdog tripped meanwhile.
    assertThat(agent.telemetry().commandsAccepted() + agent.telemetry().rejected()).isEqualTo(1);
    assertThat(
            await(
                WAIT,
                () ->
                    planner.latestState() != null
                        && planner.latestState().wire().getCounters().getDroppedStale() == 1
                        && planner.latestState().wire().getCounters().getDroppedOutOfOrder() == 2))
        .as("state reports the drops")
        .isTrue();
  }

  @Test
  void garbageOnOneSocketDoesNotDisturbOtherClients() throws Exception {
    startAgent();
    BridgeClient planner = client("planner", true, new LinkedBlockingQueue<>());
    planner.awaitWelcome(WAIT);
    armAndWait(planner);
    Random random = new Random(7);
    for (int i = 0; i < 5; i++) {
      try (Socket socket = new Socket("127.0.0.1", agent.port())) {
        OutputStream out = socket.getOutputStream();
        byte[] junk = new byte[4096];
        random.nextBytes(junk);
        out.write(junk);
        out.flush();
        // The agent closes the connection: reading ends with end of stream or a reset.
        socket.setSoTimeout(10_000);
        try {
          while (socket.getInputStream().read() >= 0) {
            // drain the reject
          }
        } catch (IOException expected) {
          // connection reset
        }
      }
    }
    assertThat(planner.hasControl()).as("the planner kept its connection and control").isTrue();
    streamUntilAccepted(planner, 1);
    BridgeClient watcher = client("watcher", false, new LinkedBlockingQueue<>());
    assertThat(watcher.awaitWelcome(WAIT).controllerId()).isEqualTo("planner");
  }

  @Test
  void clientReconnectsWithBackoffAfterTheAgentRestarts() throws InterruptedException {
    startAgent();
    int port = agent.port();
    LinkedBlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
    BridgeClient planner =
        client(
            "planner",
            true,
            events,
            BridgeClient.builder("127.0.0.1", port)
                .optBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
    long firstSession = planner.awaitWelcome(WAIT).sessionId();
    agent.close();
    assertThat(await(WAIT, () -> planner.welcome() == null)).as("noticed the loss").isTrue();
    assertThat(planner.sendDelta(Action.ZERO, Duration.ofSeconds(1))).isEqualTo(-1);
    startAgent(AgentOptions.loopback(TestSupport.PROFILE).withPort(port));
    Welcome again = planner.awaitWelcome(WAIT).wire();
    assertThat(again.getHasControl()).isTrue();
    assertThat(again.getSessionId()).isEqualTo(firstSession); // a fresh agent numbers from 1 again
    assertThat(agent.controlLoop().isArmed()).as("a new agent starts stopped").isFalse();
  }

  private static double sq(double v) {
    return v * v;
  }
}
