package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ShutdownHook}: registered while a command runs, gone after, and waits for the command. */
class ShutdownHookTest {
  @Test
  void registeredUntilClosedThenRemoved() {
    ShutdownHook hook = ShutdownHook.add("test-hook", () -> {}, Duration.ZERO);
    try {
      assertThatThrownBy(() -> Runtime.getRuntime().addShutdownHook(hook.thread()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("previously registered");
    } finally {
      hook.close();
    }
    assertThat(Runtime.getRuntime().removeShutdownHook(hook.thread())).isFalse();
    assertThat(hook.thread().getName()).isEqualTo("test-hook");
  }

  @Test
  void runsItsActionAndWaitsForTheCommandToClose() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    ShutdownHook hook = ShutdownHook.add("test-hook", ran::incrementAndGet, Duration.ofMinutes(5));
    Thread shutdown = new Thread(hook.thread()::run);
    shutdown.start();
    shutdown.join(300);
    boolean waitedForClose = shutdown.isAlive();
    hook.close();
    shutdown.join(60_000);
    assertThat(ran).hasValue(1);
    assertThat(waitedForClose).as("the hook waits until the command closes it").isTrue();
    assertThat(shutdown.isAlive()).as("closing releases the waiting hook").isFalse();
  }

  @Test
  void withoutAWaitTheHookReturnsAfterItsAction() {
    AtomicInteger ran = new AtomicInteger();
    try (ShutdownHook hook = ShutdownHook.add("test-hook", ran::incrementAndGet, Duration.ZERO)) {
      hook.thread().run();
      assertThat(ran).hasValue(1);
    }
  }
}
