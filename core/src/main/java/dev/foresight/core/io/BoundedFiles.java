package dev.foresight.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads whole files into memory only up to a size the caller names. */
public final class BoundedFiles {
  private BoundedFiles() {}

  /**
   * The bytes of {@code file}, at most {@code maxBytes} of them.
   *
   * @param what what the file should be, for the error message (e.g. {@code "a model manifest"})
   * @throws InvalidFileException when the file is larger (checked before reading, and again while
   *     reading in case the file grows or is not a regular file)
   */
  public static byte[] readAllBytes(Path file, long maxBytes, String what) throws IOException {
    long limit = Math.min(maxBytes, Npz.MAX_ARRAY_BYTES);
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new InvalidFileException(file.toString(), "not a regular file", what);
    }
    long size = Files.size(file);
    if (size > limit) {
      throw tooLarge(file, size + " bytes", limit, what);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = new byte[(int) size];
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read < bytes.length) {
        return java.util.Arrays.copyOf(bytes, read); // the file shrank while being read
      }
      if (in.read() != -1) {
        throw tooLarge(
            file, "more than " + size + " bytes (it grew while being read)", limit, what);
      }
      return bytes;
    }
  }

  private static InvalidFileException tooLarge(Path file, String size, long limit, String what) {
    return new InvalidFileException(
        file.toString(), size, "at most " + limit + " bytes for " + what);
  }
}
