package dev.foresight.bridge;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.v1.Command;
import dev.foresight.bridge.v1.CommandMode;
import dev.foresight.bridge.v1.EeDelta;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.FaultCode;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's protocol attacked by its clients over real loopback sockets: a planner that hangs, an
 * operator's stop against a planner that re-arms, commands that could never be stale, a re-arm
 * after the arm was moved, an open address without a token, a client that never says hello, one
 * that trickles a frame, one that guesses tokens, one with a huge name.
 */
class AgentSafetyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RobotAgent agent;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private RobotAgent start(AgentOptions options, ArmDriver driver) {
    agent = RobotAgent.start(options, driver);
    closeables.add(agent);
    return agent;
  }

  private BridgeClient client(
      String id, boolean control, LinkedBlockingQueue<Envelope> events, String token) {
    BridgeClient client =
        BridgeClient.builder("127.0.0.1", agent.port())
            .optClientId(id)
            .optAuthToken(token)
            .optRequestControl(control)
            .optEnvelopeListener(events::add)
            .connect();
    closeables.add(client);
    return client;
  }

  private static Envelope next(
      LinkedBlockingQueue<Envelope> events, java.util.function.Predicate<Envelope> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Envelope e = events.poll(50, TimeUnit.MILLISECONDS);
      if (e != null && match.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no matching message within " + WAIT);
  }

  private void armAndWait(BridgeClient client) throws InterruptedException {
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

  @Test
  void aPlannerThatHangsHoldsTheArmThoughItsSocketKeepsHeartbeating() throws Exception {
    RecordingArmDriver driver =
        new RecordingArmDriver(new KinematicArmDriver(TestSupport.START, 0), 200_000);
    // A 400 ms watchdog: sixteen heartbeat intervals, so the second half does not depend on how a
    // loaded machine schedules this test's threads.
    RobotProfile profile = TestSupport.withWatchdog(Duration.ofMillis(400));
    start(AgentOptions.loopback(profile), driver);
    LinkedBlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
    BridgeClient planner = client("planner", true, events, "");
    planner.awaitWelcome(WAIT);
    armAndWait(planner);
    // The planning loop runs: commands and progress.
    long tripsBefore = agent.telemetry().watchdogTrips();
    for (int i = 0; i < 20; i++) {
      planner.sendDelta(new Action(0.0005, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
      planner.markProgress();
      Thread.sleep(10);
    }
    // Then it hangs: no command, no progress. The client's I/O thread still sends heartbeats
    // every 25 ms, and the connection stays up; the watchdog must trip anyway.
    int fromIndex = driver.entries().size() - 1;
    assertThat(await(WAIT, () -> agent.telemetry().watchdogTrips() > tripsBefore)).isTrue();
    long lastInput = agent.telemetry().lastValidInputNanos();
    assertThat(agent.controlLoop().stopCause()).isEqualTo(StopCause.STOP_CAUSE_WATCHDOG);
    assertThat(planner.hasControl()).as("the connection is alive").isTrue();
    Thread.sleep(300);
    assertThat(planner.latestState().mode()).isEqualTo(AgentMode.AGENT_MODE_STOPPED);
    AgentLoopbackTest.assertHeldWithinWatchdogPlusOnePeriod(
        driver.entries(), fromIndex, lastInput, profile);
    // A heartbeat that reports new progress feeds the watchdog again once re-armed.
    armAndWait(planner);
    for (int i = 0; i < 150; i++) {
      planner.markProgress();
      Thread.sleep(10);
    }
    assertThat(agent.controlLoop().isArmed()).as("progress heartbeats feed the deadman").isTrue();
  }

  @Test
  void anObserversStopLatchesAgainstAPlannerThatReArms() throws Exception {
    start(AgentOptions.loopback(TestSupport.PROFILE), new KinematicArmDriver(TestSupport.START, 0));
    LinkedBlockingQueue<Envelope> plannerEvents = new LinkedBlockingQueue<>();
    BridgeClient planner = client("planner", true, plannerEvents, "");
    BridgeClient observer = client("operator-panel", false, new LinkedBlockingQueue<>(), "");
    planner.awaitWelcome(WAIT);
    observer.awaitWelcome(WAIT);
    armAndWait(planner);
    observer.stop("operator pressed stop");
    Envelope fault = next(plannerEvents, Envelope::hasFault);
    assertThat(fault.getFault().getCode()).isEqualTo(FaultCode.FAULT_CODE_CLIENT_STOP);
    assertThat(fault.getFault().getStopCause())
        .isEqualTo(dev.foresight.bridge.v1.StopCause.STOP_CAUSE_CLIENT_STOP);
    assertThat(fault.getFault().getMessage())
        .contains("'operator-panel'")
        .contains("operator pressed stop")
        .contains("naming STOP_CAUSE_CLIENT_STOP");
    // The planner's automatic re-arm does not name the stop: refused, the arm holds.
    planner.rearm();
    Envelope reject = next(plannerEvents, e -> e.hasReject() && e.getReject().getSequence() == 0);
    assertThat(reject.getReject().getReason()).isEqualTo(RejectReason.REJECT_REASON_STOP_LATCHED);
    assertThat(reject.getReject().getMessage())
        .contains("acknowledged_stop_cause STOP_CAUSE_CLIENT_STOP");
    Thread.sleep(200);
    assertThat(agent.controlLoop().isArmed()).isFalse();
    assertThat(
            await(
                WAIT,
                () ->
                    planner.latestState() != null
                        && planner.latestState().stopCause() == StopCause.STOP_CAUSE_CLIENT_STOP
                        && planner.latestState().stopDetail().contains("operator pressed stop")))
        .isTrue();
    // Naming it re-arms.
    planner.rearm(StopCause.STOP_CAUSE_CLIENT_STOP);
    assertThat(await(WAIT, () -> agent.controlLoop().isArmed())).isTrue();
  }

  @Test
  void anOperatorStopWhileTheWatchdogHoldsTheArmIsNotLost() throws Exception {
    start(AgentOptions.loopback(TestSupport.PROFILE), new KinematicArmDriver(TestSupport.START, 0));
    BridgeClient planner = client("planner", true, new LinkedBlockingQueue<>(), "");
    BridgeClient observer = client("operator-panel", false, new LinkedBlockingQueue<>(), "");
    planner.awaitWelcome(WAIT);
    observer.awaitWelcome(WAIT);
    armAndWait(planner);
    // No progress: the watchdog stops the arm (a watchdog stop may be re-armed automatically).
    assertThat(await(WAIT, () -> agent.controlLoop().stopCause() == StopCause.STOP_CAUSE_WATCHDOG))
        .isTrue();
    observer.stop("operator pressed stop");
    assertThat(
            await(WAIT, () -> agent.controlLoop().stopCause() == StopCause.STOP_CAUSE_CLIENT_STOP))
        .isTrue();
    planner.rearm(); // what --rearm does after a watchdog stop
    Thread.sleep(200);
    assertThat(agent.controlLoop().isArmed()).as("the operator's stop latched").isFalse();
  }

  @Test
  void commandsThatCouldNeverBeStaleAreRejected() throws Exception {
    start(AgentOptions.loopback(TestSupport.PROFILE), new KinematicArmDriver(TestSupport.START, 0));
    LinkedBlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
    BridgeClient planner = client("planner", true, events, "");
    planner.awaitWelcome(WAIT);
    armAndWait(planner);
    long acceptedBefore = agent.telemetry().commandsAccepted();
    Command.Builder delta =
        Command.newBuilder()
            .setMode(CommandMode.COMMAND_MODE_EE_DELTA)
            .setEeDelta(EeDelta.newBuilder().setDx(0.001));
    long now = System.nanoTime();
    // No send time, no deadline: before, such a command could never be found stale.
    planner.sendRaw(Envelope.newBuilder().setCommand(delta.clone().setSequence(1000)).build());
    Envelope noTime = next(events, e -> e.hasReject() && e.getReject().getSequence() == 1000);
    assertThat(noTime.getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_INVALID_COMMAND);
    assertThat(noTime.getReject().getMessage())
        .contains("send_time_nanos 0")
        .contains("expected a non-zero send time and a validity in (0, 2000] ms");
    // A validity of an hour.
    planner.sendRaw(
        Envelope.newBuilder()
            .setCommand(
                delta
                    .clone()
                    .setSequence(1001)
                    .setSendTimeNanos(now)
                    .setValidUntilNanos(now + 3_600_000_000_000L))
            .build());
    Envelope tooLong = next(events, e -> e.hasReject() && e.getReject().getSequence() == 1001);
    assertThat(tooLong.getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_INVALID_COMMAND);
    assertThat(agent.telemetry().commandsAccepted()).isEqualTo(acceptedBefore);
  }

  @Test
  void theFirstDeltaAfterAReArmIsRelativeToWhereTheArmWasMoved() throws Exception {
    ScriptedArm arm = new ScriptedArm(TestSupport.START);
    start(AgentOptions.loopback(TestSupport.PROFILE), arm);
    BridgeClient planner = client("planner", true, new LinkedBlockingQueue<>(), "");
    planner.awaitWelcome(WAIT);
    armAndWait(planner);
    planner.sendDelta(new Action(0.01, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
    assertThat(await(WAIT, () -> Math.abs(arm.measured.x() - 0.51) < 1e-9)).isTrue();
    planner.stop("pause");
    assertThat(await(WAIT, () -> !agent.controlLoop().isArmed())).isTrue();
    // Hand-guided 4 cm along -y while stopped.
    arm.measured = new Pose(0.51, -0.04, 0.2, 0, 0, 0);
    planner.rearm(StopCause.STOP_CAUSE_CLIENT_STOP);
    assertThat(await(WAIT, () -> agent.controlLoop().isArmed())).isTrue();
    int before = arm.setpoints().size();
    assertThat(
            await(
                WAIT,
                () -> {
                  if (agent.controlLoop().stopCause() == StopCause.STOP_CAUSE_WATCHDOG) {
                    planner.rearm(); // a loaded machine starved this thread past the watchdog
                  }
                  planner.sendDelta(new Action(0.002, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
                  planner.markProgress();
                  return agent.telemetry().commandsAccepted() > 1;
                }))
        .isTrue();
    Thread.sleep(100);
    List<double[]> all = arm.setpoints(); // one snapshot: the arm keeps receiving setpoints
    List<double[]> after = all.subList(before, all.size());
    assertThat(after).isNotEmpty();
    // Every setpoint stays near where the arm was put: never back towards y = 0.
    assertThat(after).allSatisfy(s -> assertThat(s[1]).isCloseTo(-0.04, within()));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void anOpenAddressWithoutATokenIsRefused() {
    KinematicArmDriver arm = new KinematicArmDriver(TestSupport.START, 0);
    assertThatThrownBy(
            () ->
                RobotAgent.start(
                    new AgentOptions(
                        TestSupport.PROFILE,
                        "0.0.0.0",
                        0,
                        "",
                        null,
                        AgentOptions.DEFAULT_STATE_RATE_HZ,
                        Duration.ofSeconds(5),
                        null),
                    arm))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "agent: refusing to listen on 0.0.0.0 without a token, since anyone who can reach that"
                + " address could command the arm; set bridge.tokenSource to env:NAME or file:PATH"
                + " (and bridge.tls to true), or bind to 127.0.0.1");
    assertThat(BridgeSettings.isLoopback("localhost")).isTrue();
    assertThat(BridgeSettings.isLoopback("::1")).isTrue();
    assertThat(BridgeSettings.isLoopback("0.0.0.0")).isFalse();
  }

  @Test
  void anEmptyHelloTokenNeverMatches() throws Exception {
    start(
        AgentOptions.loopback(TestSupport.PROFILE).withAuthToken("s3cret"),
        new KinematicArmDriver(TestSupport.START, 0));
    BridgeClient empty = client("empty", true, new LinkedBlockingQueue<>(), "");
    assertThatThrownBy(() -> empty.awaitWelcome(WAIT))
        .hasMessageContaining("hello auth_token does not match");
  }

  /** A raw connection, for clients that do not follow the protocol. */
  private Socket raw() throws IOException {
    Socket socket = new Socket("127.0.0.1", agent.port());
    socket.setSoTimeout((int) WAIT.toMillis());
    closeables.add(socket);
    return socket;
  }

  /** Reads frames until the agent closes the connection; returns them, with the close time. */
  private static List<Envelope> readUntilClosed(Socket socket, long[] closedAtNanos)
      throws IOException {
    List<Envelope> frames = new ArrayList<>();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    try {
      while (true) {
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        frames.add(Envelope.parseFrom(body));
      }
    } catch (EOFException | java.net.SocketException e) {
      closedAtNanos[0] = System.nanoTime();
    }
    return frames;
  }

  private static Envelope hello(String clientId, String token) {
    return Envelope.newBuilder()
        .setHello(
            Hello.newBuilder()
                .setProtocolVersion(Protocol.VERSION)
                .setClientId(clientId)
                .setAuthToken(token)
                .setRequestControl(false)
                .setSendTimeNanos(System.nanoTime()))
        .build();
  }

  @Test
  void aClientThatNeverSaysHelloIsClosedAtTheHelloDeadline() throws Exception {
    ConnectionLimits limits =
        new ConnectionLimits(Duration.ofMillis(300), Duration.ofSeconds(1), 16, 8, 10);
    start(
        AgentOptions.loopback(TestSupport.PROFILE).withConnectionLimits(limits),
        new KinematicArmDriver(TestSupport.START, 0));
    Socket socket = raw();
    long connected = System.nanoTime();
    long[] closed = new long[1];
    List<Envelope> frames = readUntilClosed(socket, closed);
    double afterMillis = (closed[0] - connected) / 1e6;
    assertThat(afterMillis)
        .as("closed at the 300 ms deadline, not the 5 s idle timeout")
        .isBetween(250.0, 2000.0);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_HELLO_TIMEOUT);
  }

  @Test
  void aClientTricklingAFrameIsClosedAtTheFrameDeadline() throws Exception {
    ConnectionLimits limits =
        new ConnectionLimits(Duration.ofSeconds(2), Duration.ofMillis(400), 16, 8, 10);
    start(
        AgentOptions.loopback(TestSupport.PROFILE).withConnectionLimits(limits),
        new KinematicArmDriver(TestSupport.START, 0));
    Socket socket = raw();
    OutputStream out = socket.getOutputStream();
    out.write(TestSupport.frameBytes(hello("slowloris", "")));
    out.flush();
    // One byte of a heartbeat frame every 50 ms: an idle timer would never fire.
    byte[] frame =
        TestSupport.frameBytes(
            Envelope.newBuilder()
                .setHeartbeat(
                    dev.foresight.bridge.v1.Heartbeat.newBuilder()
                        .setSendTimeNanos(123456789L)
                        .setProgress(1L << 40))
                .build());
    Thread trickle =
        new Thread(
            () -> {
              try {
                for (int round = 0; round < 100; round++) {
                  for (byte b : frame) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(50);
                  }
                }
              } catch (IOException | InterruptedException e) {
                // closed by the agent: expected
              }
            });
    trickle.setDaemon(true);
    long started = System.nanoTime();
    trickle.start();
    long[] closed = new long[1];
    List<Envelope> frames = readUntilClosed(socket, closed);
    trickle.interrupt();
    assertThat((closed[0] - started) / 1e6).isBetween(350.0, 3000.0);
    assertThat(frames)
        .anySatisfy(
            e ->
                assertThat(e.getReject().getReason())
                    .isEqualTo(RejectReason.REJECT_REASON_TOO_SLOW));
  }

  @Test
  void failedHellosFromOneAddressAreRateLimited() throws Exception {
    start(
        AgentOptions.loopback(TestSupport.PROFILE).withAuthToken("right-token"),
        new KinematicArmDriver(TestSupport.START, 0));
    int limit = ConnectionLimits.DEFAULTS.maxFailedHellosPerMinute();
    for (int i = 0; i < limit; i++) {
      Socket socket = raw();
      socket.getOutputStream().write(TestSupport.frameBytes(hello("guess-" + i, "guess-" + i)));
      List<Envelope> frames = readUntilClosed(socket, new long[1]);
      assertThat(frames.get(0).getReject().getReason())
          .isEqualTo(RejectReason.REJECT_REASON_AUTH_FAILED);
    }
    // Even the right token is not checked now: guessing is slowed to 10 a minute.
    Socket socket = raw();
    socket.getOutputStream().write(TestSupport.frameBytes(hello("late", "right-token")));
    List<Envelope> frames = readUntilClosed(socket, new long[1]);
    assertThat(frames.get(0).getReject().getReason())
        .isEqualTo(RejectReason.REJECT_REASON_LOGIN_RATE);
    assertThat(frames.get(0).getReject().getMessage()).contains("too many failed hellos");
  }

  @Test
  void aHugeClientNameIsRefusedAndNeverLoggedWhole() throws Exception {
    start(AgentOptions.loopback(TestSupport.PROFILE), new KinematicArmDriver(TestSupport.START, 0));
    try (TestSupport.LogCapture log = new TestSupport.LogCapture(AgentSessions.class)) {
      Socket socket = raw();
      String name = "x\n2026-12-05 INFO agent armed\n".repeat(20_000);
      socket.getOutputStream().write(TestSupport.frameBytes(hello(name, "")));
      List<Envelope> frames = readUntilClosed(socket, new long[1]);
      assertThat(frames.get(0).getReject().getReason())
          .isEqualTo(RejectReason.REJECT_REASON_MALFORMED);
      assertThat(frames.get(0).getReject().getMessage())
          .isEqualTo(
              "hello client_id is "
                  + name.length()
                  + " characters long, expected at most "
                  + AgentSessions.MAX_CLIENT_ID_CHARS);
      assertThat(await(WAIT, () -> !log.messages().isEmpty())).isTrue();
      assertThat(log.messages())
          .allSatisfy(line -> assertThat(line).hasSizeLessThan(400).doesNotContain("\n"));
    }
  }
}
