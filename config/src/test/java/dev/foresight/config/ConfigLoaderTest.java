package dev.foresight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void emptyDocumentGivesDefaults() {
    assertThat(ConfigLoader.parse("", "empty.yaml")).isEqualTo(ForesightConfig.DEFAULTS);
    assertThat(ConfigLoader.parse("# only a comment\n", "c.yaml"))
        .isEqualTo(ForesightConfig.DEFAULTS);
  }

  @Test
  void readsEveryKindOfValue() {
    String yaml =
        """
        robot:
          workspace: {min: [0.1, -0.2, 0], max: [0.5, 0.2, 0.3]}
          maxEeSpeedMps: 0.3
          watchdogTimeoutMillis: 50
          collaborative: true
          measuredStateMaxAgeMillis: 40
          maxTrackingErrorM: 0.02
          maxTrackingErrorRad: 0.1
        planner:
          sampler: mppi
          samples: 512
          temperature: 0.5
          seed: -7
        model: {bundle: /tmp/m, engine: pytorch}
        bridge: {host: 10.0.0.2, port: 9000, tls: true, tokenSource: env:TOKEN}
        ros: {masterUri: 'http://127.0.0.1:11322', cameraTopic: /cam/image}
        """;
    ForesightConfig config = ConfigLoader.parse(yaml, "t.yaml");
    assertThat(config.robot().workspaceInBase()).isEqualTo(new Box(0.1, -0.2, 0, 0.5, 0.2, 0.3));
    assertThat(config.robot().maxEeSpeedMps()).isEqualTo(0.3);
    assertThat(config.robot().watchdogTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.robot().effectiveSpeedLimitMps()).isEqualTo(0.25);
    assertThat(config.robot().measuredStateMaxAge()).isEqualTo(Duration.ofMillis(40));
    assertThat(config.robot().maxTrackingErrorM()).isEqualTo(0.02);
    assertThat(config.robot().maxTrackingErrorRad()).isEqualTo(0.1);
    assertThat(config.robot().controlRateHz()).isEqualTo(RobotProfile.DEFAULTS.controlRateHz());
    assertThat(config.planner().sampler()).isEqualTo(PlannerSettings.Sampler.MPPI);
    assertThat(config.planner().samples()).isEqualTo(512);
    assertThat(config.planner().seed()).isEqualTo(-7);
    assertThat(config.planner().temperature()).isEqualTo(0.5);
    assertThat(config.model().bundle()).isEqualTo(Path.of("/tmp/m"));
    assertThat(config.model().engine()).isEqualTo(ModelSettings.Engine.PYTORCH);
    assertThat(config.bridge()).isEqualTo(new BridgeSettings("10.0.0.2", 9000, true, "env:TOKEN"));
    assertThat(config.bridge().isLoopback()).isFalse();
    assertThat(config.ros().masterUri().getPort()).isEqualTo(11322);
    assertThat(config.ros().cameraTopic()).isEqualTo("/cam/image");
  }

  @Test
  void rosVersionAndDomainSelectRos2AndOtherVersionsAreOneLineErrors() {
    ForesightConfig ros2 = ConfigLoader.parse("ros: {version: 2, domainId: 42}\n", "r.yaml");
    assertThat(ros2.ros().version()).isEqualTo(2);
    assertThat(ros2.ros().domainId()).isEqualTo(42);
    assertThat(ForesightConfig.DEFAULTS.ros().version()).isEqualTo(1);

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.parse("ros:\n  version: 3\n  domainId: 300\n", "v.yaml"));
    assertThat(e.errors()).hasSize(2);
    assertThat(e.getMessage())
        .contains("v.yaml:2: ros.version: 3 is out of range, expected [1, 2]")
        .contains("v.yaml:3: ros.domainId: 300 is out of range, expected [0, 232]");
    assertThatThrownBy(() -> ForesightConfig.DEFAULTS.ros().withVersion(0))
        .hasMessage("ros.version: 0 is not a ROS version, expected 1 or 2");
  }

  @Test
  void reportsAllThreeMistakesWithKeyPathsAndLines() {
    String yaml =
        """
        robot:
          maxSpeed: 0.3
          maxEeSpeedMps: -0.5
        planner:
          samples: many
        """;
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "bad.yaml"));
    List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
    assertThat(lines)
        .containsExactly(
            "bad.yaml:2: robot.maxSpeed: unknown key, expected one of robotId, workspace,"
                + " maxEeSpeedMps, maxStepM, maxRotationStepRad, gripperMin, gripperMax,"
                + " controlRateHz, watchdogTimeoutMillis, collaborative,"
                + " measuredStateMaxAgeMillis, maxTrackingErrorM, maxTrackingErrorRad"
                + " (did you mean maxEeSpeedMps?)",
            "bad.yaml:3: robot.maxEeSpeedMps: -0.5 is out of range, expected (0, 5] m/s",
            "bad.yaml:5: planner.samples: 'many' is not an integer, expected an integer in"
                + " [1, 100000]");
    assertThat(e.getMessage()).startsWith("3 configuration errors:");
  }

  @Test
  void crossFieldViolationsAreReportedAtTheSection() {
    String yaml =
        """
        planner:
          samples: 10
          elites: 20
        robot:
          gripperMin: 0.8
          gripperMax: 0.2
          workspace: {min: [1, 0, 0], max: [0.5, 1, 1]}
        """;
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "x.yaml"));
    assertThat(e.errors()).hasSize(3);
    assertThat(e.getMessage())
        .contains("x.yaml:2: planner: planner.elites: 20 exceeds planner.samples 10")
        .contains("robot.workspace: box x range must be finite with min < max, got [1.0, 0.5]")
        .contains("robot.gripperMin: 0.8 is above robot.gripperMax 0.2");
  }

  @Test
  void rejectsWrongShapesAndUnknownChoices() {
    String yaml =
        """
        robot:
          workspace: {min: [0, 0], max: 3}
          collaborative: yes
        planner: [1, 2]
        model: {engine: tensorflow}
        bridge: {port: 70000, tokenSource: 'secret'}
        ros: {masterUri: localhost, nodeName: '9lives'}
        extra: 1
        robot2: {}
        """;
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "s.yaml"));
    String message = e.getMessage();
    assertThat(message)
        .contains("robot.workspace.min: a list of 2 is not valid, expected a list of 3 numbers")
        .contains("robot.workspace.max: '3' is not valid")
        .contains("robot.collaborative: 'yes' is not a boolean, expected true or false")
        .contains("planner: expected a mapping of keys to values, got a list of 2")
        .contains("model.engine: 'tensorflow' is not valid, expected one of onnxruntime,")
        .contains("bridge.port: 70000 is out of range, expected [1, 65535]")
        .contains("bridge.tokenSource: 'secret' is not valid, expected none, env:VARIABLE or")
        .contains("ros.masterUri: 'localhost' is not valid, expected http://HOST:PORT")
        .contains("ros.nodeName: '9lives' is not valid")
        .contains("s.yaml:8: extra: unknown key")
        .contains("s.yaml:9: robot2: unknown key");
    assertThat(e.errors()).hasSize(11);
  }

  @Test
  void duplicateKeysAndBrokenYamlNameTheLine() {
    ConfigException duplicate =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.parse("robot:\n  maxStepM: 0.01\n  maxStepM: 0.02\n", "d.yaml"));
    assertThat(duplicate.getMessage()).contains("d.yaml:3: robot.maxStepM: duplicate key");

    ConfigException broken =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.parse("robot: [unclosed\n", "b.yaml"));
    assertThat(broken.getMessage()).contains("b.yaml:").contains("not valid YAML");
  }

  @Test
  void valuesAndKeysWithLineBreaksOrOfAnyLengthStayInOneBoundedLine() {
    String yaml =
        "ros:\n  nodeName: \"two\\nlines\"\n"
            + "robot:\n  \"bad\\nkey\": 1\n"
            + "model:\n  engine: "
            + "x".repeat(5000)
            + "\n"
            + "bridge:\n  host: \""
            + "\\x01".repeat(100)
            + "\"\n";
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "l.yaml"));
    assertThat(e.errors()).hasSize(4);
    for (ConfigError error : e.errors()) {
      assertThat(error.toString()).doesNotContain("\n", "\r").hasSizeLessThan(400);
    }
    assertThat(e.getMessage())
        .contains("l.yaml:2: ros.nodeName: 'two\\nlines' is not valid")
        .contains("l.yaml:4: robot.'bad\\nkey': unknown key")
        .contains("model.engine: 'xxxx")
        .contains("…(5000 chars)")
        .contains("bridge.host: '\\u0001\\u0001");
  }

  @Test
  void aTagTheYamlParserRefusesWithAnUncheckedExceptionIsInvalidYaml() {
    // SnakeYAML throws IllegalArgumentException, not YAMLException, for this tag.
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("!%04 x\n", "t.yaml"));
    assertThat(e).isNotNull();
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).toString())
        .startsWith("t.yaml: <document>: not valid YAML: ")
        .doesNotContain("\n");
  }

  @Test
  void missingFileIsOneClearError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing + ": <file>: file does not exist");
  }

  @Test
  void shippedExamplesAreValidAndUseNoDefaultsByAccident() throws IOException {
    List<Path> examples = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of("examples"), "*.yaml")) {
      stream.forEach(examples::add);
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    for (Path example : examples) {
      ForesightConfig config = ConfigLoader.load(example);
      assertThat(config.robot().robotId()).isNotBlank();
    }
    ForesightConfig real = ConfigLoader.load(Path.of("examples/real-arm.yaml"));
    assertThat(real.bridge().tls()).isTrue();
    assertThat(real.robot().controlRateHz()).isEqualTo(500);
    assertThat(real.model().engine()).isEqualTo(ModelSettings.Engine.TENSORRT);
  }
}
