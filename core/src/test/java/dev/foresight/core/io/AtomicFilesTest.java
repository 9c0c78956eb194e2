package dev.foresight.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<Path> listing() throws IOException {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void syncsTheFullFileBeforeTheRenameAndTheDirectoryAfterIt() throws IOException {
    Path file = dir.resolve("report.json");
    Files.writeString(file, "old");
    List<String> steps = new ArrayList<>();
    AtomicFiles.Durability recording =
        new AtomicFiles.Durability() {
          @Override
          public void syncFile(FileChannel channel) throws IOException {
            steps.add("file " + channel.size() + " bytes, target " + Files.readString(file));
          }

          @Override
          public void syncDirectory(Path directory) {
            try {
              steps.add("directory " + directory + ", target " + Files.readString(file));
            } catch (IOException e) {
              steps.add("directory unreadable target: " + e);
            }
          }
        };

    AtomicFiles.write(
        file, out -> out.write("new content".getBytes(StandardCharsets.UTF_8)), recording);

    assertThat(steps)
        .containsExactly(
            "file 11 bytes, target old",
            "directory " + dir.toAbsolutePath() + ", target new content");
    assertThat(listing()).containsExactly(file);
  }

  @Test
  void aWriterThatClosesItsStreamStillGetsItsFileSynced() throws IOException {
    Path file = dir.resolve("manifest.json");
    List<Boolean> openWhenSynced = new ArrayList<>();
    AtomicFiles.Durability recording =
        new AtomicFiles.Durability() {
          @Override
          public void syncFile(FileChannel channel) throws IOException {
            openWhenSynced.add(channel.isOpen());
            channel.force(true);
          }

          @Override
          public void syncDirectory(Path directory) {}
        };

    AtomicFiles.write(
        file,
        out -> {
          out.write("{}".getBytes(StandardCharsets.UTF_8));
          out.close(); // as Jackson's writeValue(OutputStream, ...) does
        },
        recording);

    assertThat(openWhenSynced).containsExactly(true);
    assertThat(Files.readString(file)).isEqualTo("{}");
  }

  @Test
  void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("episode.npz");
    Files.writeString(file, "old");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write(new byte[100_000]);
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("old");
    assertThat(listing()).containsExactly(file);
  }

  @Test
  void aDirectoryThatCannotBeSyncedIsTolerated() {
    AtomicFiles.FSYNC.syncDirectory(dir.resolve("absent"));
  }

  @Test
  void readersSeeTheOldOrTheNewFileNeverAMix() throws Exception {
    Path file = dir.resolve("data.bin");
    byte[] small = new byte[256 * 1024];
    Arrays.fill(small, (byte) 'a');
    byte[] large = new byte[384 * 1024];
    Arrays.fill(large, (byte) 'b');
    AtomicFiles.writeBytes(file, small);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> writes =
          writer.submit(
              () -> {
                try {
                  for (int i = 0; i < 100; i++) {
                    AtomicFiles.writeBytes(file, i % 2 == 0 ? large : small);
                  }
                } finally {
                  done.set(true);
                }
                return null;
              });
      int reads = 0;
      while (!done.get() || reads < 10) {
        byte[] seen = Files.readAllBytes(file);
        assertThat(Arrays.equals(seen, small) || Arrays.equals(seen, large))
            .as("read %d saw %d bytes starting with %s", reads, seen.length, seen[0])
            .isTrue();
        reads++;
      }
      writes.get(60, TimeUnit.SECONDS);
    } finally {
      writer.shutdownNow();
    }
    assertThat(listing()).containsExactly(file);
  }
}
