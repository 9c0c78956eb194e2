package dev.foresight.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which shard a process runs: the option, a CI matrix's variable, or a Kubernetes Indexed Job's.
 */
class ShardTest {
  @Test
  void theOptionWinsThenTheMatrixVariableThenTheJobIndex() {
    Map<String, String> job = Map.of("JOB_COMPLETION_INDEX", "2", "FORESIGHT_SHARD_COUNT", "4");
    assertThat(Shard.resolve("1/4", job)).isEqualTo(new Shard(1, 4));
    assertThat(Shard.resolve(null, Map.of("FORESIGHT_SHARD", "3/5"))).isEqualTo(new Shard(3, 5));
    assertThat(Shard.resolve(null, job)).isEqualTo(new Shard(3, 4));
    assertThat(Shard.resolve(null, Map.of())).isEqualTo(Shard.ALL);
  }

  @Test
  void aJobIndexWithoutItsCountOrOutOfRangeIsOneLine() {
    assertThatThrownBy(() -> Shard.resolve(null, Map.of("JOB_COMPLETION_INDEX", "0")))
        .hasMessage(
            "$JOB_COMPLETION_INDEX is 0 but $FORESIGHT_SHARD_COUNT is not set, expected the Job's"
                + " completions (or --shard i/n)");
    assertThatThrownBy(
            () ->
                Shard.resolve(
                    null, Map.of("JOB_COMPLETION_INDEX", "4", "FORESIGHT_SHARD_COUNT", "4")))
        .hasMessage(
            "$JOB_COMPLETION_INDEX '4' and $FORESIGHT_SHARD_COUNT '4' are not valid, expected 0 <="
                + " index < count");
    assertThatThrownBy(() -> Shard.resolve(null, Map.of("FORESIGHT_SHARD", "5/4")))
        .hasMessage("$FORESIGHT_SHARD '5/4' is not valid, expected i/n with 1 <= i <= n, e.g. 1/2");
  }
}
