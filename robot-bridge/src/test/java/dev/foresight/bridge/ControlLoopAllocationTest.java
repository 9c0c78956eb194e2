package dev.foresight.bridge;

import static dev.foresight.bridge.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The control thread's tick is a hot path: once warm, it allocates nothing. */
class ControlLoopAllocationTest {

  /**
   * A driver that allocates nothing on the control thread either: its state is a value another
   * thread refreshes (as a driver fed by a ROS subscription would), setpoints are counted.
   */
  static final class QuietDriver implements ArmDriver {
    volatile ArmState state = new ArmState(System.nanoTime(), TestSupport.START, 0);
    volatile long commands;

    @Override
    public String name() {
      return "quiet";
    }

    @Override
    public ArmState state() {
      return state;
    }

    @Override
    public void command(Setpoint setpoint) {
      commands++;
    }

    @Override
    public void hold() {}
  }

  @Test
  void armedControlTicksDoNotAllocate() throws InterruptedException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    QuietDriver driver = new QuietDriver();
    try (RobotAgent agent = RobotAgent.start(AgentOptions.loopback(TestSupport.PROFILE), driver);
        BridgeClient client = BridgeClient.builder("127.0.0.1", agent.port()).connect()) {
      client.awaitWelcome(Duration.ofSeconds(10));
      // Another thread keeps the measured state fresh and the planning loop's progress moving,
      // so that the heartbeats feed the watchdog between commands.
      Thread feeder =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  driver.state = new ArmState(System.nanoTime(), TestSupport.START, 0);
                  client.markProgress();
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "state-and-progress");
      feeder.setDaemon(true);
      feeder.start();
      Thread control =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("foresight-control"))
              .findFirst()
              .orElseThrow();
      // Warm up: arm, stream commands (heartbeats keep the watchdog fed between them).
      assertThat(
              await(
                  Duration.ofSeconds(30),
                  () -> {
                    if (!agent.controlLoop().isArmed()) {
                      client.rearm();
                    }
                    client.sendDelta(new Action(0.0001, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
                    return agent.controlLoop().isArmed() && driver.commands > 500;
                  }))
          .isTrue();
      // Measure over a window without stops (an overloaded machine may trip the watchdog).
      boolean measured = false;
      for (int attempt = 0; attempt < 10 && !measured; attempt++) {
        if (!agent.controlLoop().isArmed()) {
          client.rearm();
          await(Duration.ofSeconds(5), () -> agent.controlLoop().isArmed());
        }
        long stopsBefore = agent.telemetry().stops();
        long commandsBefore = driver.commands;
        long before = threads.getThreadAllocatedBytes(control.getId());
        Thread.sleep(300);
        long after = threads.getThreadAllocatedBytes(control.getId());
        long ticks = driver.commands - commandsBefore;
        if (agent.telemetry().stops() == stopsBefore && ticks > 20) {
          measured = true;
          assertThat(after - before).as("bytes allocated by %d control ticks", ticks).isZero();
        }
      }
      assertThat(measured).as("a window of armed ticks without a stop").isTrue();
      feeder.interrupt();
    }
  }
}
