package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint that does not fit the run is refused in one line before training resumes. */
class CheckpointMalformedTest {
  @TempDir Path temp;

  private Throwable resumeFrom(Path checkpointContent) throws IOException {
    SyntheticDataset.write(temp.resolve("data"), 3, 6, 2);
    EpisodeDataset data = EpisodeDataset.load(List.of(temp.resolve("data")));
    Path work = Files.createDirectories(temp.resolve("work"));
    Files.copy(checkpointContent, work.resolve("checkpoint.npz"));
    JepaTrainer.Options options =
        new JepaTrainer.Options(2, 5, 2, 1e-3f, 1e-4f, 0.99f, 3, 1f, 0f, 2f, 0, 0f, 0f);
    return catchThrowable(
        () ->
            new JepaTrainer(Architecture.standard(7, 7), options)
                .train(data, work, new JepaTrainer.Listener() {}));
  }

  @Test
  void aCheckpointWithoutItsStepIsOneLine() throws IOException {
    Path checkpoint = temp.resolve("empty.npz");
    Npz.write(checkpoint, Map.of("x", NpyArray.ofFloats(new float[] {1}, 1)));

    Throwable thrown = resumeFrom(checkpoint);

    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(thrown.getMessage())
        .startsWith(temp.resolve("work/checkpoint.npz") + ": tensor meta.step is missing")
        .doesNotContain("\n");
  }

  @Test
  void aCheckpointOfAnotherArchitectureIsOneLine() throws IOException {
    Path checkpoint = temp.resolve("flat.npz");
    Weights weights = new Weights();
    weights.put("meta.step", new long[] {1}, new float[] {1});
    weights.put("meta.seed", new long[] {4}, new float[] {5, 0, 0, 0});
    for (String part : List.of("online.", "target.", "m1.", "m2.")) {
      for (var tensor : Weights.initialise(Architecture.flat(7, 7), 1).all().entrySet()) {
        weights.put(part + tensor.getKey(), tensor.getValue().shape(), tensor.getValue().values());
      }
    }
    weights.save(checkpoint);

    Throwable thrown = resumeFrom(checkpoint);

    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(thrown.getMessage())
        .startsWith(temp.resolve("work/checkpoint.npz") + ": tensor online.enc.conv1.weight")
        .contains("remove the file to start afresh")
        .doesNotContain("\n");
  }
}
