package dev.foresight.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

  @Test
  void roundTripsEveryDtype(@TempDir Path dir) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("frames", NpyArray.ofBytes(new byte[] {1, 2, 3, 4, 5, 6}, 1, 2, 3));
    arrays.put("actions", NpyArray.ofFloats(new float[] {0.5f, -1.25f, 3f, 4f}, 2, 2));
    arrays.put("seed", NpyArray.ofLongs(new long[] {42L}));
    arrays.put("success", NpyArray.ofBooleans(new boolean[] {true, false}, 2));
    Path file = dir.resolve("episode.npz");
    Npz.write(file, arrays);

    Map<String, NpyArray> back = Npz.read(file);
    assertThat(back).isEqualTo(arrays);
    assertThat(back.get("actions").floats()).containsExactly(0.5f, -1.25f, 3f, 4f);
    assertThat(back.get("seed").shape()).isEmpty();
    assertThat(back.get("seed").longs()).containsExactly(42L);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void headerIsNumpyFormatOneAlignedTo64Bytes() throws IOException {
    byte[] bytes = Npz.toNpyBytes(NpyArray.ofFloats(new float[] {1, 2, 3}, 3));
    int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertThat((10 + headerLength) % 64).isZero();
    String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
    assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
    assertThat(header).endsWith("\n");
    assertThat(bytes.length).isEqualTo(10 + headerLength + 12);
  }

  @Test
  void rejectsGarbageAndTruncationWithAReason() throws IOException {
    assertThatThrownBy(() -> Npz.readNpy(new ByteArrayInputStream(new byte[] {1, 2, 3})))
        .hasMessageContaining("bad magic");
    byte[] good = Npz.toNpyBytes(NpyArray.ofFloats(new float[] {1, 2, 3}, 3));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
    assertThatThrownBy(() -> Npz.readNpy(new ByteArrayInputStream(truncated)))
        .hasMessage("npy data truncated: expected 12 bytes, got 8");
  }

  @Test
  void wrongTypeAccessNamesBothTypes() {
    assertThatThrownBy(() -> NpyArray.ofBytes(new byte[2], 2).floats())
        .hasMessage("npy array is |u1, expected <f4");
    assertThatThrownBy(() -> new NpyArray(NpyArray.DType.FLOAT32, new int[] {2}, new byte[7]))
        .hasMessageContaining("needs 8 bytes, got 7");
  }

  @Test
  void writtenFilesAreReadableByOthersNotOwnerOnly(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("e.npz");
    Npz.write(file, Map.of("a", NpyArray.ofFloats(new float[] {1}, 1)));
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void sameArraysGiveByteIdenticalArchivesWhateverTheTime(@TempDir Path dir) throws Exception {
    Map<String, NpyArray> arrays = Map.of("a", NpyArray.ofFloats(new float[] {1, 2}, 2));
    Npz.write(dir.resolve("1.npz"), arrays);
    Thread.sleep(2100); // zip timestamps have a 2 s resolution
    Npz.write(dir.resolve("2.npz"), arrays);
    assertThat(Files.readAllBytes(dir.resolve("2.npz")))
        .isEqualTo(Files.readAllBytes(dir.resolve("1.npz")));
  }
}
