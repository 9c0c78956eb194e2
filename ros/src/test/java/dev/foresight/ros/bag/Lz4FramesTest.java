package dev.foresight.ros.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.io.InvalidFileException;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream.BlockSize;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The LZ4 frame decoder against frames another implementation (commons-compress) wrote with every
 * combination of block size, block dependency and checksums, over seeded data with long and short,
 * overlapping and distant matches; and damaged frames.
 */
class Lz4FramesTest {
  @ParameterizedTest
  @CsvSource({
    "K64, false, false, false",
    "K64, true, true, true",
    // Not K256 with dependent blocks: commons-compress 1.28 cannot read back what it writes then.
    "K256, true, false, false",
    "M1, false, true, true",
    "M4, true, true, false"
  })
  void decodesWhatAnotherEncoderWrote(
      BlockSize blockSize, boolean contentChecksum, boolean blockChecksum, boolean dependent)
      throws Exception {
    for (long seed = 0; seed < 5; seed++) {
      byte[] data = sample(new Random(seed), 300_000 + (int) seed * 77_777);
      byte[] frame =
          encode(data, new Parameters(blockSize, contentChecksum, blockChecksum, dependent));
      assertThat(Lz4Frames.decode("x.bag", "chunk", frame, data.length))
          .as("seed %d", seed)
          .isEqualTo(data);
    }
  }

  @ParameterizedTest
  @CsvSource({"9, header checksum", "20, content checksum", "-1, content checksum"})
  void aDamagedFrameIsOneLineNamingTheChunk(int position, String what) throws Exception {
    byte[] data = sample(new Random(7), 100_000);
    byte[] frame = encode(data, new Parameters(BlockSize.K64, true, false, false));
    int at = position < 0 ? frame.length + position : position;
    frame[at] ^= 0x01;
    assertThatThrownBy(() -> Lz4Frames.decode("x.bag", "chunk at byte 9", frame, data.length))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageStartingWith("x.bag: chunk at byte 9: lz4 ");
  }

  @ParameterizedTest
  @CsvSource({"99999", "100001"})
  void aDeclaredSizeThatDiffersIsAnError(int declared) throws Exception {
    byte[] data = sample(new Random(3), 100_000);
    byte[] frame = encode(data, new Parameters(BlockSize.K64));
    assertThatThrownBy(() -> Lz4Frames.decode("x.bag", "chunk", frame, declared))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining("the declared " + declared);
  }

  /** Runs of repeated bytes, copies of earlier stretches near and far, and random bytes. */
  private static byte[] sample(Random random, int length) {
    byte[] data = new byte[length];
    int at = 0;
    while (at < length) {
      int run = Math.min(length - at, 1 + random.nextInt(400));
      switch (random.nextInt(3)) {
        case 0 -> java.util.Arrays.fill(data, at, at + run, (byte) random.nextInt(256));
        case 1 -> {
          int from = at == 0 ? 0 : random.nextInt(at);
          for (int i = 0; i < run; i++) {
            data[at + i] = at == 0 ? 0 : data[from + i];
          }
        }
        default -> {
          for (int i = 0; i < run; i++) {
            data[at + i] = (byte) random.nextInt(256);
          }
        }
      }
      at += run;
    }
    return data;
  }

  private static byte[] encode(byte[] data, Parameters parameters) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FramedLZ4CompressorOutputStream out =
        new FramedLZ4CompressorOutputStream(bytes, parameters)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
