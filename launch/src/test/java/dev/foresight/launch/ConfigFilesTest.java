package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigFiles}: the one place commands load their config and pick their model. */
class ConfigFilesTest {
  @Test
  void noFileGivesTheDefaults() {
    assertThat(ConfigFiles.load(null)).isSameAs(ForesightConfig.DEFAULTS);
  }

  @Test
  void aValidFileIsLoaded(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("ok.yaml"), "robot:\n  robotId: arm-42\n");
    assertThat(ConfigFiles.load(file).robot().robotId()).isEqualTo("arm-42");
  }

  @Test
  void everyErrorOfABadFileIsOnOneLineNamingFileAndKey(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"), "robot:\n  maxEeSpeedMps: -1\nplanner:\n  samples: lots\n");
    assertThatThrownBy(() -> ConfigFiles.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("\n")
                    .contains(file.toString())
                    .contains("robot.maxEeSpeedMps")
                    .contains("planner.samples")
                    .contains("; "));
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> ConfigFiles.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("expected a YAML config file");
  }

  @Test
  void modelIsTheOverrideOrTheConfiguredBundleOnTheConfiguredEngine(@TempDir Path dir)
      throws IOException {
    Path configured = Files.createDirectories(dir.resolve("configured"));
    Path file =
        Files.writeString(
            dir.resolve("model.yaml"), "model:\n  bundle: " + configured + "\n  engine: pytorch\n");
    ForesightConfig config = ConfigFiles.load(file);
    ModelSettings fromConfig = ConfigFiles.model(config, null);
    assertThat(fromConfig.bundle()).isEqualTo(configured);
    assertThat(fromConfig.engine()).isEqualTo(config.model().engine());
    Path override = dir.resolve("other");
    ModelSettings overridden = ConfigFiles.model(config, override);
    assertThat(overridden.bundle()).isEqualTo(override);
    assertThat(overridden.engine()).isEqualTo(config.model().engine());
    assertThat(overridden.engine()).isNotEqualTo(ForesightConfig.DEFAULTS.model().engine());
  }
}
