package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ModelSettings;
import dev.foresight.worldmodel.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model bundles shipped in the repository are intact, small and engine-consistent. */
class BundledModelTest {
  /** Tests run in the launch module directory; the bundles live at the repository root. */
  private static final Path MODELS = Path.of("..", "models");

  private static final Path DEFAULT = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());

  @Test
  void defaultBundleCoversEveryTask() throws Exception {
    assertThat(ModelBundle.read(DEFAULT).manifest().training().tasks())
        .contains("reach", "push-t", "pick-place");
  }

  @Test
  void everyShippedBundleIsSmallAndPassesModelCheck() throws Exception {
    List<Path> bundles = new ArrayList<>();
    long bytes = 0;
    try (var directories = Files.list(MODELS)) {
      for (Path directory : (Iterable<Path>) directories.sorted()::iterator) {
        if (!Files.isRegularFile(directory.resolve("manifest.json"))) {
          continue;
        }
        bundles.add(directory);
        try (var files = Files.list(directory)) {
          for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
            bytes += Files.size(file);
          }
        }
      }
    }
    assertThat(bundles).contains(DEFAULT.normalize());
    assertThat(bytes).as("bytes of all shipped bundles").isLessThan(20L << 20);
    for (Path bundle : bundles) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status =
          ForesightCli.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "model",
              "check",
              bundle.toString());
      assertThat(status).as("%s: %s", bundle, err).isZero();
      assertThat(out.toString()).as(bundle.toString()).contains("PASS");
    }
  }
}
