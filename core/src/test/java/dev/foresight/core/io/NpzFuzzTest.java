package dev.foresight.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz targets for the npz and npy readers: whatever the bytes, the only failure is an {@link
 * IOException} with one non-empty line naming the input; no unchecked exception, no error, no
 * allocation beyond the size budget.
 *
 * <p>A plain test run replays the stored inputs under {@code
 * src/test/resources/dev/foresight/core/io/NpzFuzzTestInputs/<method>/}. A campaign of one million
 * executions of one method (Jazzer fuzzes one method per JVM; libFuzzer flags are passed as JUnit
 * configuration parameters {@code jazzer.internal.arg.N}, argument 0 being a program name):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp test -pl core -Dtest='NpzFuzzTest#readNpz' \
 *     -Djazzer.internal.arg.0=readNpz -Djazzer.internal.arg.1=-runs=1000000 \
 *     -Djazzer.internal.arg.2=-max_total_time=1800
 * </pre>
 *
 * <p>The growing corpus goes to {@code core/.cifuzz-corpus/}; an input that fails is written to the
 * inputs directory above and is replayed by every later test run.
 */
class NpzFuzzTest {
  private static final String SOURCE = "fuzz.npz";

  /** Small, so that the fuzzer spends its time on parsing and not on filling large arrays. */
  private static final Npz.Limits LIMITS = new Npz.Limits(1 << 20, 64);

  @FuzzTest(maxDuration = "10m")
  void readNpz(byte[] input) {
    try {
      Npz.read(new ByteArrayInputStream(input), SOURCE, LIMITS);
    } catch (IOException e) {
      assertOneLineNaming(e, SOURCE);
    }
  }

  @FuzzTest(maxDuration = "10m")
  void readNpy(byte[] input) {
    try {
      NpyArray array = Npz.readNpy(new ByteArrayInputStream(input), LIMITS.maxTotalBytes());
      assertThat((long) array.data().length).isLessThanOrEqualTo(LIMITS.maxTotalBytes());
    } catch (IOException e) {
      assertOneLineNaming(e, "npy");
    }
  }

  static void assertOneLineNaming(IOException e, String name) {
    assertThat(e.getMessage())
        .isNotBlank()
        .doesNotContain("\n")
        .doesNotContain("\r")
        .contains(name);
  }
}
