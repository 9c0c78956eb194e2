package dev.foresight.bridge;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The control loop attacked from upstream and from its own driver, on its own thread with no
 * sockets: re-arms start at the measured pose, latched stops need their acknowledgement, targets
 * that bypass the safety filter are caught at the output, stale state holds, and an error on the
 * control thread holds the arm and fails closed.
 */
class ControlLoopSafetyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final RobotProfile PROFILE = TestSupport.PROFILE;
  private static final Pose START = TestSupport.START;

  private final AgentTelemetry telemetry = new AgentTelemetry();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private ControlLoop loop;
  private ScriptedArm arm;

  private ControlLoop start(ScriptedArm driver) {
    arm = driver;
    loop = new ControlLoop(PROFILE, driver, telemetry, 50);
    loop.setStopListener(
        new ControlLoop.StopListener() {
          @Override
          public void stopped(StopCause cause, long stopCount, long timeNanos, String detail) {
            events.add("stopped " + cause + " #" + stopCount + ": " + detail);
          }

          @Override
          public void armRefused(long stopCount, String detail) {
            events.add("refused #" + stopCount + ": " + detail);
          }
        });
    loop.setFatalErrorHandler(fatal::set);
    loop.start();
    loop.feedWatchdog(System.nanoTime() + 600_000_000_000L); // no watchdog unless a test wants it
    return loop;
  }

  @AfterEach
  void close() {
    if (loop != null) {
      loop.close();
    }
  }

  private void arm(StopCause acknowledged) throws InterruptedException {
    loop.requestRearm(loop.stopCount(), acknowledged);
    assertThat(await(WAIT, loop::isArmed)).as("armed; events %s", events).isTrue();
  }

  private void target(double[] values, long sequence) {
    ControlMailbox.TargetSlot slot = loop.targetSlot();
    System.arraycopy(values, 0, slot.target, 0, values.length);
    slot.sequence = sequence;
    slot.receivedNanos = System.nanoTime();
    slot.epoch = loop.stopCount();
    loop.publishTarget();
  }

  @Test
  void aReArmStartsFromTheMeasuredPoseNotFromTheSetpointHeldBeforeTheStop() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    loop.requestStop(StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED, "test");
    assertThat(await(WAIT, () -> !loop.isArmed())).isTrue();
    // While stopped, a person moves the arm 5 cm along y (hand guiding).
    Pose moved = new Pose(START.x(), START.y() + 0.05, START.z(), 0, 0, 0.1);
    arm.measured = moved;
    int before = arm.setpoints().size();
    arm(StopCause.STOP_CAUSE_NONE);
    assertThat(await(WAIT, () -> arm.setpoints().size() > before + 3)).isTrue();
    double[] first = arm.setpoints().get(before);
    assertThat(first[1]).as("no jump back to y = 0").isCloseTo(moved.y(), within(1e-12));
    assertThat(first[5]).isCloseTo(moved.yaw(), within(1e-12));
  }

  @Test
  void aLatchingStopWhileStoppedTakesOverAndOnlyItsAcknowledgementReArms() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    loop.requestStop(StopCause.STOP_CAUSE_WATCHDOG, "test watchdog");
    assertThat(await(WAIT, () -> loop.stopCause() == StopCause.STOP_CAUSE_WATCHDOG)).isTrue();
    // An operator's stop while the arm is already stopped is not lost behind the watchdog stop.
    loop.requestStop(StopCause.STOP_CAUSE_CLIENT_STOP, "operator");
    assertThat(await(WAIT, () -> loop.stopCause() == StopCause.STOP_CAUSE_CLIENT_STOP)).isTrue();
    assertThat(loop.stopCount()).isEqualTo(2);
    // A stop that does not latch does not replace it.
    loop.requestStop(StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED, "gone");
    Thread.sleep(50);
    assertThat(loop.stopCause()).isEqualTo(StopCause.STOP_CAUSE_CLIENT_STOP);
    // A re-arm that does not name it is refused.
    loop.requestRearm(loop.stopCount(), StopCause.STOP_CAUSE_NONE);
    assertThat(await(WAIT, () -> events.stream().anyMatch(e -> e.startsWith("refused")))).isTrue();
    assertThat(loop.isArmed()).isFalse();
    assertThat(events).anyMatch(e -> e.contains("did not name the latched stop"));
    loop.requestRearm(loop.stopCount(), StopCause.STOP_CAUSE_WATCHDOG);
    Thread.sleep(50);
    assertThat(loop.isArmed()).as("naming another cause does not clear it").isFalse();
    arm(StopCause.STOP_CAUSE_CLIENT_STOP);
  }

  @Test
  void ofTwoStopsInOneTickTheLatchingOneWins() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    loop.requestStop(StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED, "first");
    loop.requestStop(StopCause.STOP_CAUSE_CLIENT_STOP, "second");
    loop.requestStop(StopCause.STOP_CAUSE_WATCHDOG, "third");
    assertThat(await(WAIT, () -> !loop.isArmed())).isTrue();
    Thread.sleep(30);
    assertThat(loop.stopCause()).isEqualTo(StopCause.STOP_CAUSE_CLIENT_STOP);
    assertThat(loop.stopDetail()).isEqualTo("second");
  }

  @Test
  void anErrorOnTheControlThreadHoldsTheArmReportsItAndFailsClosed() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    int holds = arm.holds();
    arm.failure = () -> new StackOverflowError("deep");
    assertThat(await(WAIT, () -> fatal.get() != null)).isTrue();
    assertThat(fatal.get()).isInstanceOf(StackOverflowError.class);
    assertThat(arm.holds()).as("held after the error").isGreaterThan(holds);
    assertThat(loop.isArmed()).isFalse();
    assertThat(loop.isAlive()).isFalse();
    assertThat(loop.stopCause()).isEqualTo(StopCause.STOP_CAUSE_INTERNAL_FAULT);
    assertThat(events).anyMatch(e -> e.startsWith("stopped STOP_CAUSE_INTERNAL_FAULT"));
    ControlMailbox.Snapshot snapshot = loop.latestSnapshot();
    assertThat(snapshot.armed).as("clients see the arm stopped").isFalse();
    assertThat(snapshot.stopCause).isEqualTo(StopCause.STOP_CAUSE_INTERNAL_FAULT);
  }

  @Test
  void aRuntimeExceptionFromTheDriverIsALatchedDriverFault() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    arm.failure = () -> new IllegalStateException("servo offline");
    assertThat(await(WAIT, () -> loop.stopCause() == StopCause.STOP_CAUSE_DRIVER_FAULT)).isTrue();
    assertThat(loop.stopDetail()).contains("servo offline");
    assertThat(ControlLoop.latches(StopCause.STOP_CAUSE_DRIVER_FAULT)).isTrue();
    assertThat(fatal.get()).isNull();
  }

  @Test
  void aTargetOutsideTheWorkspaceThatBypassedTheFilterIsStoppedAtTheOutput() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    // 0.1 m past the box's x limit: only a bug upstream of the loop could ask for this.
    target(new double[] {PROFILE.workspaceInBase().maxX() + 0.1, 0, 0.2, 0, 0, 0, 0}, 1);
    assertThat(await(WAIT, () -> loop.stopCause() == StopCause.STOP_CAUSE_LIMIT_VIOLATION))
        .isTrue();
    assertThat(loop.stopDetail()).contains("outside the workspace box");
    assertThat(arm.setpoints())
        .allSatisfy(
            s -> assertThat(s[0]).isLessThanOrEqualTo(PROFILE.workspaceInBase().maxX() + 1e-9));
  }

  @Test
  void aNonFiniteTargetNeverReachesTheDriver() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    target(new double[] {Double.NaN, 0, 0.2, 0, 0, 0, 0}, 1);
    assertThat(await(WAIT, () -> loop.stopCause() == StopCause.STOP_CAUSE_LIMIT_VIOLATION))
        .isTrue();
    assertThat(loop.stopDetail()).contains("expected a finite number");
    assertThat(arm.setpoints()).allSatisfy(s -> assertThat(s).doesNotContain(Double.NaN));
  }

  @Test
  void armingIsRefusedFromAPoseOutsideTheWorkspaceOrAStaleState() throws Exception {
    ScriptedArm outside = new ScriptedArm(new Pose(1.5, 0, 0.2, 0, 0, 0));
    start(outside);
    loop.requestRearm(0, StopCause.STOP_CAUSE_NONE);
    assertThat(await(WAIT, () -> events.stream().anyMatch(e -> e.startsWith("refused")))).isTrue();
    assertThat(events).anyMatch(e -> e.contains("(1.5000, 0.0000, 0.2000) m is outside"));
    assertThat(loop.isArmed()).isFalse();
    assertThat(outside.setpoints()).isEmpty();
    // Back inside, but the reading is a second old.
    outside.measured = START;
    outside.frozenTimeNanos = System.nanoTime() - 1_000_000_000L;
    events.clear();
    loop.requestRearm(0, StopCause.STOP_CAUSE_NONE);
    assertThat(await(WAIT, () -> events.stream().anyMatch(e -> e.startsWith("refused")))).isTrue();
    assertThat(events)
        .anyMatch(e -> e.contains("expected at most robot.measuredStateMaxAgeMillis"));
    outside.frozenTimeNanos = 0;
    arm(StopCause.STOP_CAUSE_NONE);
  }

  @Test
  void aMeasuredStateThatStopsUpdatingStopsTheArm() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    long frozenAt = System.nanoTime();
    arm.frozenTimeNanos = frozenAt;
    assertThat(await(WAIT, () -> loop.stopCause() == StopCause.STOP_CAUSE_STATE_STALE)).isTrue();
    long stoppedAfter = System.nanoTime() - frozenAt;
    // The age limit (200 ms) plus one state period (20 ms) plus scheduling slack.
    assertThat(stoppedAfter / 1e6).isBetween(200.0, 1500.0);
  }

  @Test
  void orientationMovesAlongTheTrueAngleWithinTheRotationRateLimit() throws Exception {
    start(new ScriptedArm(START));
    arm(StopCause.STOP_CAUSE_NONE);
    // Roll and yaw together near pitch π/2: Euler differences understate this turn.
    target(new double[] {START.x(), START.y(), START.z(), 0.14, 1.5, -0.14, 0}, 1);
    assertThat(await(WAIT, () -> arm.setpoints().size() > 60)).isTrue();
    List<double[]> setpoints = arm.setpoints();
    Rotations rotations = new Rotations();
    double perTick = PROFILE.effectiveRotationLimitRadPerS() / PROFILE.controlRateHz();
    for (int i = 1; i < setpoints.size(); i++) {
      assertThat(rotations.angle(setpoints.get(i - 1), 3, setpoints.get(i), 3))
          .isLessThanOrEqualTo(perTick * (1 + 1e-6));
    }
    assertThat(loop.isArmed()).as("no limit violation on the way").isTrue();
  }
}
