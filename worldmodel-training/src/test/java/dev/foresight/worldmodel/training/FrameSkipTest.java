package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FrameSkip}: episodes in macro-steps, one per start offset, actions averaged. */
class FrameSkipTest {
  @TempDir Path dir;

  @Test
  void everyOffsetBecomesAnEpisodeOfEveryKthFrameWithTheMeanAction() throws Exception {
    SyntheticDataset.write(dir, 10, 23, 5);
    EpisodeDataset data = EpisodeDataset.load(List.of(dir));
    EpisodeDataset.Episode source = data.episodes().get(0);

    EpisodeDataset skipped = FrameSkip.apply(data, 5, 4);

    // 23 steps: offsets 0..3 leave 4 macro-steps (23/5 … 20/5), offset 4 only 3 (19/5): dropped.
    List<EpisodeDataset.Episode> fromFirst =
        skipped.episodes().stream().filter(e -> e.index() == source.index()).toList();
    assertThat(fromFirst).hasSize(4);
    assertThat(skipped.heldOutEpisodes()).isNotEmpty();
    assertThat(skipped.heldOutEpisodes()).allMatch(e -> e.index() % 10 == 9);
    int frameBytes = source.frameBytes();
    int actionSize = source.actions().length / source.steps();
    int proprioSize = source.proprio().length / (source.steps() + 1);
    for (int offset = 0; offset < fromFirst.size(); offset++) {
      EpisodeDataset.Episode e = fromFirst.get(offset);
      assertThat(e.steps()).isEqualTo(4);
      for (int j = 0; j <= e.steps(); j++) {
        int row = offset + 5 * j;
        for (int b = 0; b < frameBytes; b += 97) {
          assertThat(e.frames()[j * frameBytes + b])
              .isEqualTo(source.frames()[row * frameBytes + b]);
        }
        for (int d = 0; d < proprioSize; d++) {
          assertThat(e.proprio()[j * proprioSize + d])
              .isEqualTo(source.proprio()[row * proprioSize + d]);
        }
        if (j < e.steps()) {
          for (int d = 0; d < actionSize; d++) {
            double sum = 0;
            for (int r = 0; r < 5; r++) {
              sum += source.actions()[(row + r) * actionSize + d];
            }
            assertThat((double) e.actions()[j * actionSize + d])
                .isCloseTo(sum / 5, org.assertj.core.data.Offset.offset(1e-6));
          }
        }
      }
    }
    assertThat(skipped.dataHash()).isEqualTo(data.dataHash());
  }

  @Test
  void frameskipOneIsTheDatasetItselfAndBadValuesAreNamed() throws Exception {
    SyntheticDataset.write(dir, 2, 12, 5);
    EpisodeDataset data = EpisodeDataset.load(List.of(dir));

    assertThat(FrameSkip.apply(data, 1, 4)).isSameAs(data);
    assertThatThrownBy(() -> FrameSkip.apply(data, 0, 4)).hasMessageContaining("frameskip: 0");
    assertThatThrownBy(() -> FrameSkip.apply(data, 5, 4))
        .hasMessageContaining("frameskip: 5")
        .hasMessageContaining("the longest has 12 control steps");
  }
}
