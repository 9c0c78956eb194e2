package dev.foresight.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The world-model contract can fail: a model broken in one way fails the check made for that fault,
 * and a sound one passes them all.
 */
class WorldModelContractSelfTest {
  private static final String RUN_BROKEN = "dev.foresight.testsupport.runBrokenModels";

  @Test
  void aSoundModelPassesEveryCheck() {
    assertThat(failedChecks(Sound.class)).isEmpty();
  }

  @Test
  void aBatchThatDiffersFromSingleSamplesFailsTheBatchCheck() {
    assertThat(failedChecks(BatchDependent.class))
        .containsExactly("predictOfManySamplesInOneCallEqualsOneCallPerSample");
  }

  @Test
  void aModelThatIgnoresTheActionFailsTheBatchCheck() {
    assertThat(failedChecks(IgnoresTheAction.class))
        .containsExactly("predictOfManySamplesInOneCallEqualsOneCallPerSample");
  }

  @Test
  void writingPastTheOutputFailsThePredictAndEncodeChecks() {
    assertThat(failedChecks(WritesPastTheEnd.class))
        .containsExactly(
            "encodeOfNoObservationsWritesNothing",
            "encodeOfSeveralObservationsEqualsEncodingEachAlone",
            "predictIsDeterministicLeavesItsInputsAndWritesExactlyItsOutput");
  }

  @Test
  void aModelThatChangesItsInputsFailsThePredictCheck() {
    assertThat(failedChecks(ModifiesItsInputs.class))
        .contains("predictIsDeterministicLeavesItsInputsAndWritesExactlyItsOutput");
  }

  @Test
  void anEncodeStubThatThrowsFailsTheEncodeChecks() {
    assertThat(failedChecks(EncodeStub.class))
        .containsExactly(
            "encodeOfNoObservationsWritesNothing",
            "encodeOfSeveralObservationsEqualsEncodingEachAlone");
  }

  @Test
  void aCloseThatThrowsTheSecondTimeFailsTheCloseCheck() {
    assertThat(failedChecks(ClosesOnlyOnce.class)).containsExactly("closeIsIdempotent");
  }

  private static List<String> failedChecks(Class<? extends WorldModelContract> contract) {
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
          ? ConditionEvaluationResult.enabled("run by WorldModelContractSelfTest")
          : ConditionEvaluationResult.disabled("a broken model WorldModelContractSelfTest runs");
    }
  }

  /**
   * A sound model of latent size 3 and action size 2: z' = z + (a₀, a₁, a₀ − a₁); encode writes the
   * frame's mean red level, the arm's x and its gripper. The broken ones change one thing.
   */
  private static class SoundModel implements WorldModel {
    @Override
    public int latentSize() {
      return 3;
    }

    @Override
    public int actionSize() {
      return 2;
    }

    @Override
    public void encode(List<Observation> observations, float[] latentsOut) {
      for (int i = 0; i < observations.size(); i++) {
        Observation o = observations.get(i);
        byte[] pixels = o.frame().pixels();
        double red = 0;
        for (int p = 0; p < pixels.length; p += 3) {
          red += pixels[p] & 0xff;
        }
        latentsOut[3 * i] = (float) (red / (pixels.length / 3) / 255);
        latentsOut[3 * i + 1] = (float) o.armState().eePoseInBase().x();
        latentsOut[3 * i + 2] = (float) o.armState().gripper();
      }
    }

    @Override
    public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
      for (int s = 0; s < count; s++) {
        float a0 = actions[2 * s];
        float a1 = actions[2 * s + 1];
        nextLatentsOut[3 * s] = latents[3 * s] + a0;
        nextLatentsOut[3 * s + 1] = latents[3 * s + 1] + a1;
        nextLatentsOut[3 * s + 2] = latents[3 * s + 2] + a0 - a1;
      }
    }
  }

  @ExtendWith(OnlyWhenAsked.class)
  static final class Sound extends WorldModelContract {
    @Override
    protected WorldModel open() {
      return new SoundModel();
    }
  }

  /** Adds a term that depends on the batch size. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class BatchDependent extends WorldModelContract {
    @Override
    protected WorldModel open() {
      return new SoundModel() {
        @Override
        public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
          super.predict(count, latents, actions, nextLatentsOut);
          nextLatentsOut[0] += 1e-3f * count;
        }
      };
    }
  }

  /** Predicts the same next latent whatever the action. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class IgnoresTheAction extends WorldModelContract {
    @Override
    protected WorldModel open() {
      return new SoundModel() {
        @Override
        public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
          System.arraycopy(latents, 0, nextLatentsOut, 0, 3 * count);
        }
      };
    }
  }

  /** Writes zeros into the next sample's room wherever the output array has one. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class WritesPastTheEnd extends WorldModelContract {
    @Override
    protected WorldModel open() {
      return new SoundModel() {
        @Override
        public void encode(List<Observation> observations, float[] latentsOut) {
          super.encode(observations, latentsOut);
          clearAfter(3 * observations.size(), latentsOut);
        }

        @Override
        public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
          super.predict(count, latents, actions, nextLatentsOut);
          clearAfter(3 * count, nextLatentsOut);
        }

        private void clearAfter(int end, float[] out) {
          for (int i = end; i < Math.min(out.length, end + 3); i++) {
            out[i] = 0;
          }
        }
      };
    }
  }

  /** Uses its latents array as scratch space. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class ModifiesItsInputs extends WorldModelContract {
    @Override
    protected WorldModel open() {
      return new SoundModel() {
        @Override
        public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
          super.predict(count, latents, actions, nextLatentsOut);
          latents[0] = nextLatentsOut[0];
        }
      };
    }
  }

  /** Does not encode frames and says so by throwing, the way the contract forbids. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class EncodeStub extends WorldModelContract {
    @Override
    protected WorldModel open() {
      return new SoundModel() {
        @Override
        public void encode(List<Observation> observations, float[] latentsOut) {
          throw new UnsupportedOperationException("no frames");
        }
      };
    }
  }

  /** Throws when closed a second time. */
  @ExtendWith(OnlyWhenAsked.class)
  static final class ClosesOnlyOnce extends WorldModelContract {
    @Override
    protected WorldModel open() {
      return new SoundModel() {
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
}
