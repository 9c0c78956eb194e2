package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The arm-driver contract can fail: a driver broken in one way fails exactly the check made for
 * that fault, and only that one.
 */
class ArmDriverContractSelfTest {
  private static final String RUN_BROKEN = "dev.foresight.bridge.runBrokenDrivers";

  @Test
  void aDriverThatKeepsMovingAfterHoldFailsTheHoldCheck() {
    assertThat(failedChecks(KeepsMovingAfterHold.class))
        .containsExactly("holdIsIdempotentAndTheArmStaysAtRestAfterIt");
  }

  @Test
  void aStateStampedWithTheWallClockFailsTheStateCheck() {
    assertThat(failedChecks(StampsWithTheWallClock.class))
        .containsExactly("stateIsFiniteAtTheStartAndStampedWithAMonotonicTimeNotInTheFuture");
  }

  @Test
  void aDriverThatKeepsTheCallersSetpointFailsTheCopyCheck() {
    assertThat(failedChecks(KeepsTheCallersSetpoint.class))
        .containsExactly("keepsACopyOfTheSetpointItWasGiven");
  }

  @Test
  void aCloseThatThrowsTheSecondTimeFailsTheCloseCheck() {
    assertThat(failedChecks(ClosesOnlyOnce.class)).containsExactly("closeIsIdempotent");
  }

  @Test
  void aStaleStateRefusedWithAPlainExceptionFailsTheStaleCheck() {
    assertThat(failedChecks(RefusesStaleStateUntyped.class))
        .containsExactly("aStaleMeasuredStateIsRefusedAsStateStale");
  }

  @Test
  void theIdealArmPassesEveryCheck() {
    assertThat(failedChecks(Ideal.class)).isEmpty();
  }

  private static List<String> failedChecks(Class<? extends ArmDriverContract> contract) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(RUN_BROKEN, "true")
        .selectors(selectClass(contract))
        .execute()
        .testEvents()
        .failed()
        .stream()
        .map(e -> ((MethodSource) e.getTestDescriptor().getSource().orElseThrow()).getMethodName())
        .sorted()
        .toList();
  }

  /** Runs only inside {@link EngineTestKit} above, never in the build's own test run. */
  static final class OnlyWhenAsked implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(RUN_BROKEN).isPresent()
          ? ConditionEvaluationResult.enabled("run by ArmDriverContractSelfTest")
          : ConditionEvaluationResult.disabled("a broken driver ArmDriverContractSelfTest runs");
    }
  }

  /** An ideal arm: where the last setpoint put it. The broken ones change one thing. */
  private static class IdealArm implements ArmDriver {
    Pose eePoseInBase = TestSupport.START;

    @Override
    public String name() {
      return "ideal";
    }

    @Override
    public ArmState state() {
      return new ArmState(System.nanoTime(), eePoseInBase, 0);
    }

    @Override
    public void command(Setpoint setpoint) {
      eePoseInBase = setpoint.eePoseInBase();
    }

    @Override
    public void hold() {}
  }

  @ExtendWith(OnlyWhenAsked.class)
  static final class Ideal extends ArmDriverContract {
    @Override
    protected ArmDriver open() {
      return new IdealArm();
    }
  }

  /** Continues on the last step's velocity after a hold, one step per state read. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class KeepsMovingAfterHold extends ArmDriverContract {
    @Override
    protected ArmDriver open() {
      return new IdealArm() {
        private Pose previous = TestSupport.START;
        private boolean held;

        @Override
        public void command(Setpoint setpoint) {
          previous = eePoseInBase;
          held = false;
          super.command(setpoint);
        }

        @Override
        public void hold() {
          held = true;
        }

        @Override
        public ArmState state() {
          if (held) {
            Pose p = eePoseInBase;
            eePoseInBase =
                new Pose(
                    2 * p.x() - previous.x(),
                    2 * p.y() - previous.y(),
                    2 * p.z() - previous.z(),
                    p.roll(),
                    p.pitch(),
                    p.yaw());
            previous = p;
          }
          return super.state();
        }
      };
    }
  }

  /** Stamps its state with {@link System#currentTimeMillis()} in ns instead of nanoTime. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class StampsWithTheWallClock extends ArmDriverContract {
    @Override
    protected ArmDriver open() {
      return new IdealArm() {
        @Override
        public ArmState state() {
          return new ArmState(System.currentTimeMillis() * 1_000_000L, eePoseInBase, 0);
        }
      };
    }
  }

  /** Keeps the caller's reused setpoint instead of a copy. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class KeepsTheCallersSetpoint extends ArmDriverContract {
    @Override
    protected ArmDriver open() {
      return new IdealArm() {
        private Setpoint kept;

        @Override
        public void command(Setpoint setpoint) {
          kept = setpoint;
        }

        @Override
        public ArmState state() {
          return new ArmState(
              System.nanoTime(), kept == null ? TestSupport.START : kept.eePoseInBase(), 0);
        }
      };
    }
  }

  /** Throws when closed a second time. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class ClosesOnlyOnce extends ArmDriverContract {
    @Override
    protected ArmDriver open() {
      return new IdealArm() {
        private boolean closed;

        @Override
        public void close() {
          if (closed) {
            throw new IllegalStateException("already closed");
          }
          closed = true;
        }
      };
    }
  }

  /** Refuses a stale measured state with an IllegalStateException, not a stale-state stop. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class RefusesStaleStateUntyped extends ArmDriverContract {
    private boolean silent;

    @Override
    protected ArmDriver open() {
      return new IdealArm() {
        @Override
        public void command(Setpoint setpoint) {
          if (silent) {
            throw new IllegalStateException("no fresh pose");
          }
          super.command(setpoint);
        }
      };
    }

    @Override
    protected boolean silenceMeasuredState() {
      silent = true;
      return true;
    }
  }
}
