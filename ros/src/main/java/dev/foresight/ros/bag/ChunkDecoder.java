package dev.foresight.ros.bag;

import dev.foresight.core.io.InvalidFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Decompresses chunk data: {@code none}, {@code bz2} (a bzip2 stream) or {@code lz4} (an LZ4 frame
 * as ROS's roslz4 writes it, by {@link Lz4Frames}). The output grows as data arrives and never
 * beyond the size the chunk declares, so a corrupt size or a compression bomb costs at most that
 * size.
 */
final class ChunkDecoder {
  /** The compressions a bag 2.0 chunk may use. */
  static final Set<String> COMPRESSIONS = Set.of("none", "bz2", "lz4");

  private static final int FIRST_BUFFER_BYTES = 1 << 20;

  private ChunkDecoder() {}

  /**
   * The uncompressed chunk.
   *
   * @param where the chunk's place, e.g. {@code "chunk at byte 4117"}
   * @param data the chunk's stored bytes (not modified; returned as is when uncompressed)
   * @param size the uncompressed size the chunk declares (already checked against the limits)
   */
  static byte[] decode(String file, String where, String compression, byte[] data, int size)
      throws InvalidFileException {
    if (compression.equals("none")) {
      if (data.length != size) {
        throw new InvalidFileException(
            file,
            where + ": uncompressed chunk of " + data.length + " bytes declares size " + size,
            "equal sizes");
      }
      return data;
    }
    if (compression.equals("lz4")) {
      return Lz4Frames.decode(file, where, data, size);
    }
    byte[] out = new byte[Math.min(size, FIRST_BUFFER_BYTES)];
    int filled = 0;
    try (InputStream in = open(file, where, compression, data)) {
      while (true) {
        if (filled == out.length) {
          if (filled == size) {
            if (in.read() != -1) {
              throw new InvalidFileException(
                  file,
                  where + ": " + compression + " data holds more than the declared " + size,
                  size + " bytes");
            }
            return out;
          }
          out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
        }
        int read = in.read(out, filled, out.length - filled);
        if (read < 0) {
          break;
        }
        filled += read;
      }
    } catch (InvalidFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidFileException(
          file,
          where + ": corrupt " + compression + " data (" + RecordHeader.quote(e.getMessage()) + ")",
          "a valid " + compression + " stream",
          e);
    }
    if (filled != size) {
      throw new InvalidFileException(
          file,
          where + ": " + compression + " data holds " + filled + " bytes",
          "the declared " + size);
    }
    return out;
  }

  private static InputStream open(String file, String where, String compression, byte[] data)
      throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    switch (compression) {
      case "bz2":
        return new BZip2CompressorInputStream(in, false);
      default:
        throw new InvalidFileException(
            file,
            where + ": compression '" + RecordHeader.quote(compression) + "'",
            "one of none, bz2, lz4");
    }
  }
}
