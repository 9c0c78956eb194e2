package dev.foresight.bridge;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.RecordingArmDriver.Entry;
import dev.foresight.bridge.RecordingArmDriver.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control loop on its own thread, fed directly (no sockets). */
class ControlLoopTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aLoopWithASpinWindowTicksAndStopsOnClose() throws InterruptedException {
    AgentTelemetry telemetry = new AgentTelemetry();
    KinematicArmDriver driver = new KinematicArmDriver(TestSupport.START, 0);
    ControlLoop loop = new ControlLoop(TestSupport.PROFILE, driver, telemetry, 50);
    // 250 Hz: park until 2 ms before each tick, then spin.
    RealtimeScheduling.ThreadScheduling scheduling =
        loop.start(LatencyOptions.NORMAL.withControlSpin(Duration.ofMillis(2)));
    assertThat(scheduling.role()).isEqualTo("control");
    assertThat(scheduling.problem()).isNull();
    assertThat(await(WAIT, () -> telemetry.controlTicks() > 50)).isTrue();
    assertThat(telemetry.loopJitter().count()).isGreaterThanOrEqualTo(50);
    loop.close();
    long ticks = telemetry.controlTicks();
    Thread.sleep(50);
    assertThat(telemetry.controlTicks()).as("no tick after close").isEqualTo(ticks);
  }

  @Test
  void stopRequestedTogetherWithARearmWins() throws InterruptedException {
    AgentTelemetry telemetry = new AgentTelemetry();
    RecordingArmDriver driver =
        new RecordingArmDriver(new KinematicArmDriver(TestSupport.START, 0), 10_000);
    try (ControlLoop loop = new ControlLoop(TestSupport.PROFILE, driver, telemetry, 50)) {
      // Both requests are queued before the thread's first tick.
      loop.feedWatchdog(System.nanoTime() + 60_000_000_000L);
      loop.requestRearm(0, StopCause.STOP_CAUSE_NONE);
      loop.requestStop(StopCause.STOP_CAUSE_CLIENT_STOP, "test stop");
      loop.start();
      assertThat(await(WAIT, () -> telemetry.controlTicks() > 5)).isTrue();
      assertThat(loop.isArmed()).isFalse();
      assertThat(loop.stopCause()).isEqualTo(StopCause.STOP_CAUSE_CLIENT_STOP);
      assertThat(driver.entries()).allMatch(e -> e.kind() == Kind.HOLD);
    }
  }

  @Test
  void setpointsGlideToATargetWithinTheSpeedLimitAndStopThere() throws InterruptedException {
    AgentTelemetry telemetry = new AgentTelemetry();
    RecordingArmDriver driver =
        new RecordingArmDriver(new KinematicArmDriver(TestSupport.START, 0), 100_000);
    try (ControlLoop loop = new ControlLoop(TestSupport.PROFILE, driver, telemetry, 50)) {
      loop.start();
      loop.feedWatchdog(System.nanoTime() + 60_000_000_000L); // no watchdog in this test
      loop.requestRearm(0, StopCause.STOP_CAUSE_NONE);
      assertThat(await(WAIT, loop::isArmed)).isTrue();
      ControlMailbox.TargetSlot slot = loop.targetSlot();
      double[] target = {0.54, 0.02, 0.2, 0, 0, 0.1, 0.7};
      System.arraycopy(target, 0, slot.target, 0, target.length);
      slot.sequence = 1;
      slot.receivedNanos = System.nanoTime();
      slot.epoch = 0;
      loop.publishTarget();
      assertThat(
              await(
                  WAIT,
                  () -> {
                    List<Entry> e = driver.entries();
                    Entry last = e.get(e.size() - 1);
                    return Math.abs(last.x() - 0.54) < 1e-12 && Math.abs(last.y() - 0.02) < 1e-12;
                  }))
          .isTrue();
      List<Entry> commands =
          driver.entries().stream().filter(e -> e.kind() == Kind.COMMAND).toList();
      double perTick = TestSupport.PROFILE.effectiveSpeedLimitMps() / 250;
      int moving = 0;
      for (int i = 1; i < commands.size(); i++) {
        Entry a = commands.get(i - 1);
        Entry b = commands.get(i);
        double step = Math.hypot(Math.hypot(b.x() - a.x(), b.y() - a.y()), b.z() - a.z());
        assertThat(step).isLessThanOrEqualTo(perTick * (1 + 1e-9));
        if (step > 0) {
          moving++;
        }
      }
      // 4.5 cm at ≤ 2 mm per tick takes at least 23 ticks; the gripper jumps at once.
      assertThat(moving).isGreaterThanOrEqualTo(23);
      assertThat(commands.get(commands.size() - 1).gripper()).isEqualTo(0.7);
    }
  }

  @Test
  void everySetpointCarriesTheFilteredTargetAndItsCommandSequence() throws InterruptedException {
    AgentTelemetry telemetry = new AgentTelemetry();
    KinematicArmDriver arm = new KinematicArmDriver(TestSupport.START, 0);
    double[] seen = new double[SafetyFilter.TARGET_SIZE];
    long[] lastSequence = {-1};
    java.util.concurrent.atomic.AtomicInteger commands =
        new java.util.concurrent.atomic.AtomicInteger();
    ArmDriver capturing =
        new ArmDriver() {
          @Override
          public String name() {
            return "capturing";
          }

          @Override
          public dev.foresight.core.ArmState state() {
            return arm.state();
          }

          @Override
          public void command(Setpoint setpoint) {
            synchronized (seen) {
              setpoint.copyTarget(seen);
              lastSequence[0] = setpoint.targetSequence();
            }
            commands.incrementAndGet();
            arm.command(setpoint);
          }

          @Override
          public void hold() {
            arm.hold();
          }
        };
    try (ControlLoop loop = new ControlLoop(TestSupport.PROFILE, capturing, telemetry, 50)) {
      loop.start();
      loop.feedWatchdog(System.nanoTime() + 60_000_000_000L);
      loop.requestRearm(0, StopCause.STOP_CAUSE_NONE);
      assertThat(await(WAIT, () -> loop.isArmed() && commands.get() > 2)).isTrue();
      synchronized (seen) {
        assertThat(lastSequence[0]).isZero(); // no command yet: the target is where the arm is
      }
      ControlMailbox.TargetSlot slot = loop.targetSlot();
      double[] target = {0.54, 0.02, 0.2, 0, 0, 0.1, 0.7};
      System.arraycopy(target, 0, slot.target, 0, target.length);
      slot.sequence = 42;
      slot.receivedNanos = System.nanoTime();
      slot.epoch = 0;
      loop.publishTarget();
      assertThat(
              await(
                  WAIT,
                  () -> {
                    synchronized (seen) {
                      return lastSequence[0] == 42;
                    }
                  }))
          .isTrue();
      synchronized (seen) {
        assertThat(seen).containsExactly(target);
      }
    }
  }
}
