package dev.foresight.launch.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.foresight.config.ConfigError;
import dev.foresight.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Launch descriptions the fuzzer found mishandled, each now one clear error per problem. */
class LaunchLoaderTest {

  @Test
  void brokenYamlIsOneErrorOfOneLineAtItsLine() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                LaunchLoader.parse(
                    "name: x\ncomponents:\n  - {name: a, foresight?: version}\n", "b.yaml"));

    assertThat(e.errors()).hasSize(1);
    ConfigError error = e.errors().get(0);
    assertThat(error.line()).isEqualTo(3);
    assertThat(error.toString())
        .startsWith("b.yaml:3: <document>: not valid YAML: ")
        .doesNotContain("\n");
  }

  @Test
  void aTagTheYamlParserRefusesWithAnUncheckedExceptionIsInvalidYaml() {
    // SnakeYAML throws IllegalArgumentException, not YAMLException, for this tag.
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> LaunchLoader.parse("!%04 x\n", "t.yaml"));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("t.yaml: <document>: not valid YAML: ");
  }

  @Test
  void aComponentWithoutAValidNameThatWaitsForAnUnknownOneIsAnError() {
    for (String component :
        new String[] {"{foresight: version, after: [x]}", "{name: 9x, exec: [ls], after: [x]}"}) {
      ConfigException e =
          catchThrowableOfType(
              ConfigException.class,
              () -> LaunchLoader.parse("components:\n  - " + component + "\n", "n.yaml"));

      assertThat(e).as(component).isNotNull();
      assertThat(e.getMessage()).contains("n.yaml:2: components[0].after: 'x' is not a component");
    }
  }
}
