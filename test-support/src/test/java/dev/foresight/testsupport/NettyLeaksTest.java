package dev.foresight.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

class NettyLeaksTest {
  private static final String RUN_LEAKING_EXAMPLE = "dev.foresight.testsupport.runLeakingExample";

  @BeforeAll
  static void leakDetectionIsParanoid() {
    // The build runs every test like this; without it Netty samples and may miss a leak.
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void theBuildRegistersTheLeakCheckForEveryTestClass() {
    // Auto-detection is switched on by the parent pom's surefire configuration.
    assertThat(NettyLeakCheckExtension.checks(NettyLeaksTest.class)).isTrue();
  }

  @Test
  void recordingDetectorIsInstalledBeforeNettyCreatesItsOwn() {
    assertThat(NettyLeaks.recordsBufferLeaks()).isTrue();
  }

  @Test
  void sweepReportsALeakedPooledBufferWithWhereItWasUsed() {
    leakOneBuffer(PooledByteBufAllocator.DEFAULT, "pooled direct buffer leaked on purpose");

    List<LeakReport> leaks = NettyLeaks.sweep();

    assertThat(leaks).hasSize(1);
    assertThat(leaks.get(0).resourceType()).isEqualTo("ByteBuf");
    assertThat(leaks.get(0).records())
        .contains("pooled direct buffer leaked on purpose")
        .contains("NettyLeaksTest.leakOneBuffer");
    assertThat(leaks.get(0).toString()).contains("release() was not called");
  }

  @Test
  void sweepReportsABufferOfNettysDefaultAllocator() {
    leakOneBuffer(ByteBufAllocator.DEFAULT, "default-allocator buffer leaked on purpose");

    assertThat(NettyLeaks.sweep())
        .singleElement()
        .satisfies(
            leak ->
                assertThat(leak.records()).contains("default-allocator buffer leaked on purpose"));
  }

  @Test
  void sweepIsEmptyWhenEveryBufferIsReleased() {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buffer.writeLong(42);
    buffer.release();

    assertThat(NettyLeaks.sweep()).isEmpty();
  }

  @Test
  void extensionFailsATestClassThatLeaksNamingTheLeak() {
    Events containers =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
            .configurationParameter(RUN_LEAKING_EXAMPLE, "true")
            .selectors(selectClass(LeakingExample.class))
            .execute()
            .containerEvents();

    assertThat(containers.failed().list())
        .singleElement()
        .satisfies(
            event -> {
              Throwable failure = failureOf(event);
              assertThat(failure)
                  .isInstanceOf(AssertionError.class)
                  .hasMessageContaining(
                      "Netty reported 1 leak in or before " + LeakingExample.class.getName())
                  .hasMessageContaining("buffer leaked by LeakingExample")
                  .hasMessageContaining("LeakingExample.leaksAPooledBuffer");
            });
    assertThat(NettyLeaks.sweep()).isEmpty();
  }

  @Test
  void extensionPassesATestClassThatReleasesEverything() {
    Events containers =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
            .configurationParameter(RUN_LEAKING_EXAMPLE, "true")
            .selectors(selectClass(CleanExample.class))
            .execute()
            .containerEvents();

    assertThat(containers.failed().count()).isZero();
    assertThat(containers.succeeded().count()).isEqualTo(2); // the engine and the class
  }

  @Test
  void trackingAllocatorNamesTheBuffersNotReleased() {
    TrackingByteBufAllocator allocator = new TrackingByteBufAllocator();
    ByteBuf released = allocator.heapBuffer(16);
    ByteBuf kept = allocator.directBuffer(32);
    ByteBuf slice = allocator.buffer(8).writeLong(7).retainedSlice();
    released.release();

    assertThat(allocator.liveBuffers()).isEqualTo(2);
    assertThatThrownBy(() -> allocator.assertAllReleased("decoding seed 3"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("2 buffer(s) not released after decoding seed 3")
        .hasMessageContaining("32 (refCnt 1)");

    kept.release();
    slice.release(); // the slice's parent still holds one reference
    assertThat(allocator.liveBuffers()).isEqualTo(1);
    slice.unwrap().release();
    allocator.assertAllReleased("releasing everything");
  }

  private static void leakOneBuffer(ByteBufAllocator allocator, String hint) {
    ByteBuf buffer = allocator.directBuffer(64);
    buffer.writeLong(42);
    buffer.touch(hint);
  }

  private static Throwable failureOf(Event event) {
    Optional<Throwable> failure =
        event
            .getPayload(org.junit.platform.engine.TestExecutionResult.class)
            .flatMap(r -> r.getThrowable());
    assertThat(failure).isPresent();
    return failure.get();
  }

  /** Runs only inside {@link EngineTestKit} above, never in the build's own test run. */
  static final class OnlyWhenAsked implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(RUN_LEAKING_EXAMPLE).isPresent()
          ? ConditionEvaluationResult.enabled("run by NettyLeaksTest")
          : ConditionEvaluationResult.disabled("an example NettyLeaksTest runs itself");
    }
  }

  @ExtendWith(OnlyWhenAsked.class)
  static final class LeakingExample {
    @Test
    void leaksAPooledBuffer() {
      ByteBuf buffer = PooledByteBufAllocator.DEFAULT.heapBuffer(128);
      buffer.writeInt(1);
      buffer.touch("buffer leaked by LeakingExample");
    }
  }

  @ExtendWith(OnlyWhenAsked.class)
  static final class CleanExample {
    @Test
    void releasesItsBuffer() {
      ByteBuf buffer = PooledByteBufAllocator.DEFAULT.heapBuffer(128);
      buffer.writeInt(1);
      buffer.release();
    }
  }
}
