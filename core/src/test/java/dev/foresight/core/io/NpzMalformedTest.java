package dev.foresight.core.io;

import static dev.foresight.core.io.Crafted.concat;
import static dev.foresight.core.io.Crafted.header;
import static dev.foresight.core.io.Crafted.npy;
import static dev.foresight.core.io.Crafted.storedEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives and arrays no well-behaved writer produces: each is one {@link IOException} whose one
 * line names the file, the entry, the bad value and what was expected; none costs more memory than
 * the size budget, none is read as a silently shorter array.
 */
class NpzMalformedTest {
  @TempDir Path dir;

  private Path file(String name, byte[]... entries) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, concat(entries));
    return file;
  }

  private static void assertOneLine(Throwable thrown) {
    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(thrown.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
  }

  @Test
  void aZipBombIsRejectedBeforeItIsInflated() throws IOException {
    // 1.5 MiB on disk, 1.5 GiB inflated: an array that fits an int but not the budget.
    long bytes = 1536L << 20;
    byte[] header = npy(header("|u1", "(" + bytes + ",)"), new byte[0]);
    Path bomb = file("bomb.npz", Crafted.zeroBombEntry("frames.npy", header, 1536));
    assertThat(Files.size(bomb)).isLessThan(4L << 20);

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Npz.read(bomb));

    assertOneLine(thrown);
    assertThat(thrown.getMessage())
        .startsWith(bomb + ": entry 'frames.npy': ")
        .contains(Long.toString(bytes))
        .contains("budget");
  }

  @Test
  void aShapeWhoseSizeOverflowsIsRejectedNotReadAsAnEmptyArray() throws IOException {
    // 65536^4 elements: the element count wraps to exactly 0 in 64-bit arithmetic.
    Path overflow =
        file(
            "overflow.npz",
            storedEntry("a.npy", npy(header("<f4", "(65536, 65536, 65536, 65536)"), new byte[0])));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Npz.read(overflow));

    assertOneLine(thrown);
    assertThat(thrown.getMessage())
        .startsWith(overflow + ": entry 'a.npy': ")
        .contains("(65536, 65536, 65536, 65536)");
  }

  @Test
  void dimensionsBeyondAnIntAreAnIOException() {
    byte[] bytes = npy(header("|u1", "(4294967296,)"), new byte[0]);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Npz.readNpy(new ByteArrayInputStream(bytes)));
    assertOneLine(thrown);
    assertThat(thrown.getMessage()).contains("4294967296");
  }

  @Test
  void negativeDimensionsAreAnIOException() {
    byte[] bytes = npy(header("<f4", "(-1, -4)"), new byte[16]);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Npz.readNpy(new ByteArrayInputStream(bytes)));
    assertOneLine(thrown);
    assertThat(thrown.getMessage()).contains("-1");
  }

  @Test
  void anArchiveCutInsideTheHeaderLengthIsAnIOException() throws IOException {
    byte[] cut = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118};
    Path truncated = file("cut.npz", storedEntry("a.npy", cut));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Npz.read(truncated));

    assertOneLine(thrown);
    assertThat(thrown.getMessage()).startsWith(truncated + ": entry 'a.npy': ").contains("trunc");
  }

  @Test
  void moreDataThanTheShapeDeclaresIsRejectedNotCutShort() throws IOException {
    byte[] bytes = npy(header("<f4", "(2,)"), new byte[400]);
    Path longer = file("longer.npz", storedEntry("a.npy", bytes));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Npz.read(longer));

    assertOneLine(thrown);
    assertThat(thrown.getMessage()).startsWith(longer + ": entry 'a.npy': ").contains("8 bytes");
  }

  @Test
  void duplicateEntriesAreRejected() throws IOException {
    byte[] one = Npz.toNpyBytes(NpyArray.ofFloats(new float[] {1}, 1));
    byte[] two = Npz.toNpyBytes(NpyArray.ofFloats(new float[] {2}, 1));
    Path duplicate = file("dup.npz", storedEntry("a.npy", one), storedEntry("a.npy", two));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Npz.read(duplicate));

    assertOneLine(thrown);
    assertThat(thrown.getMessage()).startsWith(duplicate + ": entry 'a.npy': ").contains("twice");
  }

  @Test
  void anEntryNameThatIsNotUtf8IsAnIOException() throws IOException {
    byte[] name = {(byte) 0xff, (byte) 0xfe, 'a', '.', 'n', 'p', 'y'};
    byte[] content = Npz.toNpyBytes(NpyArray.ofFloats(new float[] {1}, 1));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(content);
    Path badName =
        file(
            "name.npz",
            Crafted.localEntry(name, 0, crc.getValue(), content.length, content.length, content));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Npz.read(badName));

    assertOneLine(thrown);
    assertThat(thrown.getMessage()).startsWith(badName + ": ");
  }

  @Test
  void tooManyEntriesAreRejected() throws IOException {
    byte[][] entries = new byte[5000][];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = storedEntry("note" + i + ".txt", new byte[0]);
    }
    Path many = file("many.npz", entries);

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Npz.read(many));

    assertOneLine(thrown);
    assertThat(thrown.getMessage()).startsWith(many + ": ").contains("entries");
  }

  @Test
  void anEntryThatIsNotAnArrayCountsAgainstTheBudgetToo() {
    byte[] bomb = Crafted.zeroBombEntry("notes.txt", new byte[0], 3);
    Npz.Limits limits = new Npz.Limits(2 << 20, 16);

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Npz.read(new ByteArrayInputStream(bomb), "notes.npz", limits));

    assertOneLine(thrown);
    assertThat(thrown.getMessage()).startsWith("notes.npz: entry 'notes.txt': ").contains("budget");
  }

  @Test
  void theBudgetCoversAllEntriesTogether() throws IOException {
    byte[] array = Npz.toNpyBytes(NpyArray.ofBytes(new byte[600_000], 600_000));
    byte[] archive = concat(storedEntry("a.npy", array), storedEntry("b.npy", array));
    Npz.Limits limits = new Npz.Limits(1_000_000, 16);

    assertThat(Npz.read(new ByteArrayInputStream(storedEntry("a.npy", array)), "one.npz", limits))
        .containsOnlyKeys("a");
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Npz.read(new ByteArrayInputStream(archive), "two.npz", limits));

    assertOneLine(thrown);
    assertThat(thrown.getMessage()).startsWith("two.npz: entry 'b.npy': ").contains("budget");
  }

  @Test
  void aHeaderShorterThanItsDeclaredLengthIsTruncated() {
    byte[] whole = npy(header("<f4", "(1,)"), new byte[4]);
    byte[] cut = java.util.Arrays.copyOf(whole, 40);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Npz.readNpy(new ByteArrayInputStream(cut)));
    assertOneLine(thrown);
    assertThat(thrown.getMessage()).isEqualTo("npy header truncated: expected 118 bytes, got 30");
  }

  @Test
  void unknownVersionsAndDtypesNameTheValueAndTheChoices() {
    byte[] version = npy(header("<f4", "(1,)"), new byte[4]);
    version[6] = 9;
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Npz.readNpy(new ByteArrayInputStream(version))))
        .hasMessage("npy version 9 is not supported, expected 1, 2 or 3");
    byte[] dtype = npy(header(">f8", "(1,)"), new byte[8]);
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Npz.readNpy(new ByteArrayInputStream(dtype))))
        .hasMessage("npy dtype '>f8' is not supported, expected <f4, |u1, <i4, <i8 or |b1");
  }

  @Test
  void anArrayWhoseSizeOverflowsCannotBeBuilt() {
    assertThatThrownBy(
            () ->
                new NpyArray(
                    NpyArray.DType.FLOAT32, new int[] {65536, 65536, 65536, 65536}, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[65536, 65536, 65536, 65536]");
  }

  @Test
  void headerTextFromTheFileStaysOnOneLine() {
    byte[] bytes = npy(header("<f\n4", "(1, 2)"), new byte[8]);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Npz.readNpy(new ByteArrayInputStream(bytes)));
    assertOneLine(thrown);
    assertThat(thrown.getMessage()).contains("'<f\\n4'").contains("<f4");
  }
}
