package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foresight.worldmodel.WorldModels;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code --engine cuda} on a machine whose build carries ONNX Runtime's CPU library (no {@code
 * -Pgpu}, no GPU needed): the commands fall back in one log line and give the CPU engine's numbers;
 * GPU-sized predictor batches (up to 8,192 samples a call) run; {@code model encode}.
 */
class GpuEngineCommandsTest {
  private static final String SHIPPED = Path.of("..", "models", "foresight-sim").toString();

  @TempDir Path temp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
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

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void benchPredictorOnCudaFallsBackInOneLineAndTakes8192SamplesACall() {
    int status =
        run(
            "bench",
            "predictor",
            "--model",
            SHIPPED,
            "--engine",
            "cuda",
            "--batch",
            "1,8192",
            "--seconds",
            "0.05");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("predictor OnnxRuntime (1 thread(s)) batch   1:")
        .contains("predictor OnnxRuntime (1 thread(s)) batch 8192:")
        .contains("latent steps/s");
    assertThat(log.list).hasSize(1);
    assertThat(log.list.get(0).getFormattedMessage())
        .startsWith("model.engine cuda cannot load (ONNX Runtime ")
        .contains("CPU build, without the CUDA execution provider")
        .endsWith("; falling back to onnxruntime");
  }

  @Test
  void benchPlannerOnCudaPlansWithThousandsOfSamplesOnTheFallback() {
    int status =
        run(
            "bench",
            "planner",
            "--model",
            SHIPPED,
            "--engine",
            "cuda",
            "--samples",
            "4096",
            "--horizon",
            "2",
            "--iterations",
            "1",
            "--sampler",
            "cem",
            "--seconds",
            "0.02",
            "--peak-size",
            "16");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("on OnnxRuntime").containsPattern("(?m)^cem\\s+4096\\s");
    assertThat(log.list).hasSize(1);
    assertThat(log.list.get(0).getFormattedMessage()).startsWith("model.engine cuda cannot load (");
  }

  @Test
  void aBatchBeyond8192OrAnUnknownEngineIsOneLine() {
    assertThat(run("bench", "predictor", "--model", SHIPPED, "--batch", "256,8193")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("foresight bench predictor: --batch: 8193 is out of range, expected 1 to 8192");
    assertThat(run("bench", "encoder", "--model", SHIPPED, "--engine", "cudnn")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight bench encoder: --engine: 'cudnn' is not an engine, expected one of onnxruntime,"
                + " cuda, tensorrt, pytorch");
  }

  @Test
  void modelEncodeGivesTheSameLatentsOnCudasFallbackAsOnTheCpuEngine() throws Exception {
    BufferedImage picture = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 60; y++) {
      for (int x = 0; x < 80; x++) {
        picture.setRGB(x, y, (x * 3) << 16 | (y * 4) << 8 | ((x + y) % 256));
      }
    }
    Path image = temp.resolve("goal.png");
    ImageIO.write(picture, "png", image.toFile());

    assertThat(run("model", "encode", "--model", SHIPPED, image.toString()))
        .as(err.toString())
        .isZero();
    String cpu = out.toString();
    assertThat(cpu).startsWith(image + " ");
    String[] values = cpu.strip().substring(image.toString().length() + 1).split(",");
    assertThat(values).hasSize(71);
    assertThat(values).anyMatch(v -> Float.parseFloat(v) != 0f);

    Path file = temp.resolve("latents.txt");
    assertThat(
            run(
                "model",
                "encode",
                "--model",
                SHIPPED,
                "--engine",
                "cuda",
                "--out",
                file.toString(),
                image.toString()))
        .as(err.toString())
        .isZero();
    assertThat(Files.readString(file)).isEqualTo(cpu);
    assertThat(log.list).hasSize(1);

    Path missing = temp.resolve("absent.png");
    assertThat(run("model", "encode", "--model", SHIPPED, missing.toString())).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("foresight model encode: IMAGE " + missing + ": ")
        .endsWith("expected a PNG or JPEG image")
        .doesNotContain("\n");
  }
}
