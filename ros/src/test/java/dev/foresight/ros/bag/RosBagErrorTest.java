package dev.foresight.ros.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.io.InvalidFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged bags: each is one {@link InvalidFileException} line naming the file, the bad value and
 * what was expected, thrown while opening or while reading the damaged chunk.
 */
class RosBagErrorTest {
  @TempDir Path dir;

  @Test
  void aBagCutBeforeItsIndexSaysTheIndexIsOutsideTheFile() throws Exception {
    Path bag = BagFixtures.write(dir, "lz4", 20, 1024, true);
    byte[] bytes = Files.readAllBytes(bag);
    int headerLength = (int) RecordHeader.uint32(bytes, 13);
    long index =
        RecordHeader.parse("bag", "bag header", bytes, 17, headerLength).uint64("index_pos");
    int length = (int) index - 10;
    Path cut = write("cut.bag", Arrays.copyOf(bytes, length));
    assertThatThrownBy(() -> RosBag.open(cut))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageStartingWith(cut + ": index position " + index)
        .hasMessageContaining("is outside the file of " + length + " bytes")
        .hasMessageEndingWith("(is the bag truncated?)");
  }

  @Test
  void aBagWithoutIndexCutInsideARecordIsReadUpToThatRecord() throws Exception {
    Path bag = BagFixtures.write(dir, "bz2", 20, 1024, false);
    byte[] bytes = Files.readAllBytes(bag);
    long complete;
    try (RosBag whole = RosBag.open(bag)) {
      complete = whole.messageCount();
      assertThat(whole.unreadTailBytes()).isZero();
    }
    // Cut inside a chunk: a recording killed while it wrote that chunk.
    int cutAt = bytes.length / 2;
    Path cut = write("cut.bag", Arrays.copyOf(bytes, cutAt));
    try (RosBag opened = RosBag.open(cut)) {
      assertThat(opened.indexed()).isFalse();
      assertThat(opened.unreadTailBytes()).isPositive().isLessThan(cutAt);
      assertThat(opened.messageCount()).isPositive().isLessThan(complete);
      BagMessages messages = opened.messages(opened.topics());
      long read = 0;
      while (messages.next() != null) {
        read++;
      }
      assertThat(read).isEqualTo(opened.messageCount());
    }
  }

  @Test
  void aCorruptChunkLengthIsRejectedBeforeAnythingIsAllocated() throws Exception {
    Path bag = BagFixtures.write(dir, "none", 20, 1024, true);
    byte[] bytes = Files.readAllBytes(bag);
    int chunk = BagFixtures.firstRecordAfterHeader(bytes);
    int headerLength = (int) RecordHeader.uint32(bytes, chunk);
    int dataLengthAt = chunk + 4 + headerLength;
    bytes[dataLengthAt + 3] = (byte) 0x7F; // about 2 GB
    Path corrupt = write("corrupt.bag", bytes);
    assertThatThrownBy(() -> RosBag.open(corrupt))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageStartingWith(corrupt + ": record at byte " + chunk + ": data length 21")
        .hasMessageContaining("runs past the end of the file");
  }

  @Test
  void aWrongMagicLineSaysWhatABagStartsWith() throws Exception {
    Path bag = BagFixtures.write(dir, "none", 2, 1024, true);
    byte[] bytes = Files.readAllBytes(bag);
    System.arraycopy("#ROSBAG V1.2\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 13);
    Path old = write("old.bag", bytes);
    assertThatThrownBy(() -> RosBag.open(old))
        .isInstanceOf(InvalidFileException.class)
        .hasMessage(
            old
                + ": starts with '#ROSBAG V1.2', expected '#ROSBAG V2.0' (a ROS 1 bag of"
                + " format 2.0)");
    Path text = write("notes.txt", "hello\n".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> RosBag.open(text))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageStartingWith(text + ": starts with 'hello'");
  }

  @Test
  void anUnknownCompressionIsNamedWithTheOnesKnown() throws Exception {
    Path bag = BagFixtures.write(dir, "lz4", 20, 1024, true);
    byte[] bytes = Files.readAllBytes(bag);
    int replaced = replaceAll(bytes, "compression=lz4", "compression=zst");
    assertThat(replaced).isPositive();
    Path unknown = write("zst.bag", bytes);
    assertThatThrownBy(() -> RosBag.open(unknown))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageMatching(
            "\\Q"
                + unknown
                + ": chunk at byte \\E\\d+\\Q: compression 'zst', expected one of none,"
                + " bz2, lz4\\E");
  }

  @Test
  void corruptCompressedDataFailsWhenItsChunkIsRead() throws Exception {
    Path bag = BagFixtures.write(dir, "bz2", 20, 1024, true);
    byte[] bytes = Files.readAllBytes(bag);
    int chunk = BagFixtures.firstRecordAfterHeader(bytes);
    int headerLength = (int) RecordHeader.uint32(bytes, chunk);
    int dataAt = chunk + 4 + headerLength + 4;
    for (int i = dataAt + 10; i < dataAt + 40; i++) {
      bytes[i] ^= 0x5A;
    }
    Path corrupt = write("corrupt.bag", bytes);
    try (RosBag opened = RosBag.open(corrupt)) {
      BagMessages messages = opened.messages(opened.topics());
      assertThatThrownBy(
              () -> {
                while (messages.next() != null) {
                  // read on until the damaged chunk
                }
              })
          .isInstanceOf(InvalidFileException.class)
          .hasMessageStartingWith(corrupt + ": chunk at byte " + chunk + ": corrupt bz2 data")
          .hasMessageEndingWith("expected a valid bz2 stream");
    }
  }

  @Test
  void aChunkInfoThatDisagreesWithTheIndexDataIsRejected() throws Exception {
    Path bag = BagFixtures.write(dir, "lz4", 20, 1024, true);
    byte[] bytes = Files.readAllBytes(bag);
    int headerLength = (int) RecordHeader.uint32(bytes, 13);
    long at = RecordHeader.parse("bag", "bag header", bytes, 17, headerLength).uint64("index_pos");
    BagRecords records =
        new BagRecords(
            new BagSource(
                "bag", new org.apache.commons.compress.utils.SeekableInMemoryByteChannel(bytes)),
            RosBag.Limits.DEFAULT);
    BagRecords.Record info = records.read(at);
    while (info.op() != RecordHeader.OP_CHUNK_INFO) {
      info = records.read(info.end());
    }
    int countAt = (int) info.dataPosition() + 4;
    bytes[countAt]++;
    Path corrupt = write("corrupt.bag", bytes);
    assertThatThrownBy(() -> RosBag.open(corrupt))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageStartingWith(corrupt + ": record at byte " + info.position() + " lists ")
        .hasMessageContaining("the index data after its chunk holds");
  }

  @Test
  void aMissingFileNamesIt() {
    Path missing = dir.resolve("missing.bag");
    assertThatThrownBy(() -> RosBag.open(missing))
        .isInstanceOf(java.io.FileNotFoundException.class)
        .hasMessage(missing + ": no such bag file");
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  private static int replaceAll(byte[] bytes, String from, String to) {
    byte[] pattern = from.getBytes(StandardCharsets.US_ASCII);
    byte[] replacement = to.getBytes(StandardCharsets.US_ASCII);
    int count = 0;
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
        System.arraycopy(replacement, 0, bytes, i, replacement.length);
        count++;
      }
    }
    return count;
  }
}
