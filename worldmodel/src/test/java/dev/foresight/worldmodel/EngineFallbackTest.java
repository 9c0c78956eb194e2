package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foresight.config.ModelSettings;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code model.engine: pytorch} where this module stands alone, as in an inference process: no
 * PyTorch and no engine provider on the class path, so the shipped bundle runs on ONNX Runtime and
 * one log line says why; likewise {@code cuda} with the CPU build of ONNX Runtime. (With the
 * worldmodel-training module present, its {@code EngineSelectionTest} opens the same engine on
 * PyTorch.)
 */
class EngineFallbackTest {
  private static final Path SHIPPED = Path.of("..", "models", "foresight-sim");

  @TempDir Path temp;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(WorldModels.class);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  @Test
  void thisModuleCarriesNoPyTorchAndNoProviderOfIt() {
    assertThatThrownBy(() -> Class.forName("ai.djl.pytorch.engine.PtEngine"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(ServiceLoader.load(WorldModelEngine.class).stream())
        .noneMatch(provider -> provider.type().getName().contains("PyTorch"));
  }

  @Test
  void pytorchWithoutItsProviderRunsOnOnnxRuntimeAndSaysWhy() throws Exception {
    try (LearnedWorldModel model = WorldModels.open(SHIPPED, ModelSettings.Engine.PYTORCH, 1)) {
      assertThat(model).isInstanceOf(OrtWorldModel.class);
      float[] latents = new float[model.imageLatentSize()];
      model.encodeFrames(1, new float[model.preprocessor().floatsPerFrame()], latents);
      assertThat(latents).isNotEqualTo(new float[latents.length]);
    }
    assertThat(warnings())
        .containsExactly(
            "model.engine pytorch cannot load (PyTorch engine is not on this process's class"
                + " path: it comes with the foresight-worldmodel-training module); falling back"
                + " to onnxruntime");
  }

  @Test
  void cudaWithTheCpuBuildOfOnnxRuntimeRunsOnTheCpuWithTheSameResultsAndSaysWhy() throws Exception {
    // The default build carries ONNX Runtime's CPU library (the GPU one comes with -Pgpu), and no
    // GPU is needed for this test: asking for CUDA must fall back in one line, not fail.
    assertThat(OrtWorldModel.cudaUnavailable()).isPresent();
    SplittableRandom random = new SplittableRandom(7);
    try (LearnedWorldModel cpu = WorldModels.open(SHIPPED, ModelSettings.Engine.ONNXRUNTIME, 1)) {
      assertThat(warnings()).isEmpty();
      try (LearnedWorldModel cuda = WorldModels.open(SHIPPED, ModelSettings.Engine.CUDA, 1)) {
        assertThat(cuda).isInstanceOf(OrtWorldModel.class);
        assertThat(cuda.engineName()).isEqualTo("OnnxRuntime");
        int frames = 3;
        float[] pixels = new float[frames * cpu.preprocessor().floatsPerFrame()];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = (float) random.nextDouble();
        }
        float[] expectedLatents = new float[frames * cpu.imageLatentSize()];
        float[] latents = new float[expectedLatents.length];
        cpu.encodeFrames(frames, pixels, expectedLatents);
        cuda.encodeFrames(frames, pixels, latents);
        assertThat(latents).containsExactly(expectedLatents);
        assertThat(latents).isNotEqualTo(new float[latents.length]);

        int samples = 4096; // a GPU-sized planner batch in one call
        float[] states = new float[samples * cpu.latentSize()];
        float[] actions = new float[samples * cpu.actionSize()];
        for (int i = 0; i < states.length; i++) {
          states[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < actions.length; i++) {
          actions[i] = (float) random.nextDouble(-1, 1);
        }
        float[] expectedNext = new float[states.length];
        float[] next = new float[states.length];
        cpu.predict(samples, states, actions, expectedNext);
        cuda.predict(samples, states, actions, next);
        assertThat(next).containsExactly(expectedNext);
      }
    }
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0))
        .startsWith(
            "model.engine cuda cannot load (ONNX Runtime 1.21.1 on the class path is the CPU")
        .contains("without the CUDA execution provider (build with -Pgpu")
        .endsWith("); falling back to onnxruntime")
        .doesNotContain("\n");
  }

  @Test
  void aListedProviderThatCannotBeLoadedFallsBackNamingIt() throws Exception {
    try (URLClassLoader providers = listing("dev.foresight.worldmodel.training.PyTorchEngine");
        LearnedWorldModel model =
            WorldModels.open(SHIPPED, ModelSettings.Engine.PYTORCH, 1, providers)) {
      assertThat(model).isInstanceOf(OrtWorldModel.class);
    }
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0))
        .startsWith("model.engine pytorch cannot load (its provider cannot be loaded: ")
        .contains("dev.foresight.worldmodel.training.PyTorchEngine")
        .endsWith("; falling back to onnxruntime")
        .doesNotContain("\n");
  }

  @Test
  void aProviderThatReportsItCannotRunFallsBackWithItsReason() throws Exception {
    try (URLClassLoader providers = listing(BrokenEngine.class.getName());
        LearnedWorldModel model =
            WorldModels.open(SHIPPED, ModelSettings.Engine.PYTORCH, 1, providers)) {
      assertThat(model).isInstanceOf(OrtWorldModel.class);
    }
    assertThat(warnings())
        .containsExactly(
            "model.engine pytorch cannot load (UnsatisfiedLinkError: libtorch.so not found);"
                + " falling back to onnxruntime");
  }

  /** A class loader whose {@code META-INF/services} lists {@code providerClass}. */
  private URLClassLoader listing(String providerClass) throws Exception {
    Path services = temp.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(WorldModelEngine.class.getName()), providerClass + System.lineSeparator());
    return new URLClassLoader(new URL[] {temp.toUri().toURL()}, getClass().getClassLoader());
  }

  private List<String> warnings() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** A PyTorch provider whose native library is missing. */
  public static final class BrokenEngine implements WorldModelEngine {
    @Override
    public ModelSettings.Engine engine() {
      return ModelSettings.Engine.PYTORCH;
    }

    @Override
    public Optional<String> unavailable() {
      return Optional.of("UnsatisfiedLinkError: libtorch.so not found");
    }

    @Override
    public LearnedWorldModel open(ModelBundle bundle, int threads) {
      throw new AssertionError("an unavailable engine is never opened");
    }
  }
}
