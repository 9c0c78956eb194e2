package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ModelSettings;
import dev.foresight.worldmodel.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The model bundle shipped in the repository is intact, small and engine-consistent. */
class BundledModelTest {
  /** Tests run in the launch module directory; the bundle lives at the repository root. */
  private static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());

  @Test
  void shippedBundleIsSmallAndPassesModelCheck() throws Exception {
    ModelBundle bundle = ModelBundle.read(BUNDLE);
    long bytes = 0;
    try (var files = Files.list(BUNDLE)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        bytes += Files.size(file);
      }
    }
    assertThat(bytes).isLessThan(20L << 20);
    assertThat(bundle.manifest().training().tasks()).contains("reach", "push-t", "pick-place");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        ForesightCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "model",
            "check",
            BUNDLE.toString());
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("PASS");
  }
}
