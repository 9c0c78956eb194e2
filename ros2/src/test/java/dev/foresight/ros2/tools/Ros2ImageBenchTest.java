package dev.foresight.ros2.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark program runs both pairs and prints one line each; no timing is asserted. */
@Timeout(60)
class Ros2ImageBenchTest {
  @Test
  void aShortRunOfBothPairsPrintsTheirNumbers() throws Exception {
    String missing = FastDdsPeerBuild.missingTools();
    assumeTrue(missing == null, () -> "C++ Fast-DDS peer not built: " + missing);
    StringWriter text = new StringWriter();
    int domain = 100 + (int) (ProcessHandle.current().pid() % 60) * 2 + 1;
    List<Ros2ImageBench.Result> results =
        Ros2ImageBench.run(
            new Ros2ImageBench.Settings(
                0.5,
                List.of(50.0, 0.0),
                List.of(Ros2ImageBench.Pair.JAVA_JAVA, Ros2ImageBench.Pair.JAVA_CPP_JAVA),
                64,
                48,
                domain,
                Path.of("target", "fastdds-peer").toAbsolutePath()),
            new PrintWriter(text));
    assertThat(results).hasSize(4);
    assertThat(results).allSatisfy(result -> assertThat(result.received()).isPositive());
    assertThat(results)
        .allSatisfy(result -> assertThat(result.received()).isLessThanOrEqualTo(result.sent()));
    assertThat(text.toString())
        .startsWith("foresight bench ros2: 64x48 rgb8")
        .contains("java-java      50 Hz")
        .contains("java-cpp-java  max")
        .contains("round-trip latency");
  }

  @Test
  void settingsOutOfRangeAreOneLine() {
    assertThatThrownBy(
            () ->
                new Ros2ImageBench.Settings(0, List.of(1.0), List.of(), 640, 480, 0, Path.of("x")))
        .hasMessage("seconds 0.0 is out of range, expected (0, 600]");
    assertThatThrownBy(
            () ->
                new Ros2ImageBench.Settings(1, List.of(-1.0), List.of(), 640, 480, 0, Path.of("x")))
        .hasMessage("rate -1.0 Hz is out of range, expected [0, 100000]");
    assertThatThrownBy(() -> Ros2ImageBench.Pair.parse("cpp-java"))
        .hasMessage("pair 'cpp-java' is not known, expected java-java or java-cpp-java");
  }
}
