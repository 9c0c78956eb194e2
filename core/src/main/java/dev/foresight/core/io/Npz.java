package dev.foresight.core.io;

import dev.foresight.core.LogText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives (a zip of {@code .npy} files, format 1.0), readable with {@code
 * numpy.load}. Writes go to a temporary name in the same directory and are renamed into place, so a
 * crash never leaves a half-written archive under the final name.
 *
 * <p>Reads are bounded by a {@link Limits size budget}: whatever an archive declares (entry sizes,
 * array shapes, header lengths), reading it allocates at most about the budget, and every malformed
 * archive — a zip bomb, a shape whose size overflows, data shorter or longer than its shape, a
 * duplicate entry, a truncated file — is one {@link IOException} whose single line names the file,
 * the entry, the bad value and what was expected.
 */
public final class Npz {
  /** Longest npy header accepted in bytes (numpy's own reader stops at 10,000 by default). */
  public static final int MAX_HEADER_BYTES = 64 * 1024;

  /** Most dimensions of an array (numpy 2's own limit). */
  public static final int MAX_DIMENSIONS = 64;

  /** Largest array Java can allocate in bytes. */
  public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private static final java.time.LocalDateTime FIXED_ENTRY_TIME =
      java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

  /**
   * How much one archive may hold; reading never allocates much beyond {@code maxTotalBytes},
   * whatever the file declares.
   *
   * @param maxTotalBytes most uncompressed bytes over all entries (npy headers, array data and
   *     skipped entries alike), at least 1
   * @param maxEntries most entries, at least 1
   */
  public record Limits(long maxTotalBytes, int maxEntries) {
    /**
     * 1 GiB and 1,024 entries: an episode of 1,000 steps of 224×224 RGB frames is 151 MB, and
     * checkpoints hold a few dozen tensors.
     */
    public static final Limits DEFAULT = new Limits(1L << 30, 1024);

    /** Checks both limits are positive. */
    public Limits {
      if (maxTotalBytes < 1 || maxEntries < 1) {
        throw new IllegalArgumentException(
            "npz limits must be positive, got maxTotalBytes "
                + maxTotalBytes
                + " and maxEntries "
                + maxEntries);
      }
    }
  }

  private Npz() {}

  /**
   * Writes arrays to {@code file} atomically (temporary name, then rename).
   *
   * @param arrays name → array; names get the {@code .npy} suffix inside the archive. Not modified.
   */
  public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          zip.setLevel(Deflater.BEST_SPEED);
          for (Map.Entry<String, NpyArray> entry : arrays.entrySet()) {
            ZipEntry zipEntry = new ZipEntry(entry.getKey() + ".npy");
            // A fixed timestamp makes the same arrays give byte-identical archives.
            zipEntry.setTimeLocal(FIXED_ENTRY_TIME);
            zip.putNextEntry(zipEntry);
            writeNpy(zip, entry.getValue());
            zip.closeEntry();
          }
          zip.finish();
        });
  }

  /** Reads every array of an archive within {@link Limits#DEFAULT}. */
  public static Map<String, NpyArray> read(Path file) throws IOException {
    return read(file, Limits.DEFAULT);
  }

  /**
   * Reads every array of an archive; entries whose names do not end in {@code .npy} are skipped
   * (their bytes still count against the budget).
   *
   * @throws IOException one line naming the file and entry when the content is not a supported npy
   *     array or exceeds {@code limits}
   */
  public static Map<String, NpyArray> read(Path file, Limits limits) throws IOException {
    return read(Files.newInputStream(file), file.toString(), limits);
  }

  /**
   * Reads every array of an archive from a stream, and closes it.
   *
   * @param source names the archive in error messages (a file name)
   * @throws IOException one line starting with {@code source}
   */
  public static Map<String, NpyArray> read(InputStream in, String source, Limits limits)
      throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    NpyFormat.Budget budget = new NpyFormat.Budget(limits.maxTotalBytes());
    try (ZipInputStream zip = new ZipInputStream(in)) {
      int entries = 0;
      for (ZipEntry entry; (entry = nextEntry(zip, source)) != null; ) {
        if (++entries > limits.maxEntries()) {
          throw new IOException(
              source
                  + ": more than "
                  + limits.maxEntries()
                  + " entries, expected at most "
                  + limits.maxEntries()
                  + " arrays");
        }
        String name = entry.getName();
        try {
          if (!name.endsWith(".npy")) {
            budget.skip(zip);
            continue;
          }
          String key = name.substring(0, name.length() - 4);
          if (arrays.containsKey(key)) {
            throw new IOException("appears twice, expected each array once");
          }
          NpyArray array = NpyFormat.read(zip, budget);
          if (zip.read() != -1) {
            throw new IOException(
                "holds more than the "
                    + array.data().length
                    + " bytes of data its header declares for "
                    + array);
          }
          arrays.put(key, array);
        } catch (IOException e) {
          throw new IOException(
              source + ": entry " + LogText.quote(name) + ": " + ErrorLines.oneLine(e.getMessage()),
              e);
        }
      }
    }
    return arrays;
  }

  private static ZipEntry nextEntry(ZipInputStream zip, String source) throws IOException {
    try {
      return zip.getNextEntry();
    } catch (IOException | RuntimeException e) {
      // The JDK's zip reader reports some malformed headers (an entry name that is not UTF-8) as
      // IllegalArgumentException.
      throw new IOException(
          source + ": not a valid npz (zip) archive: " + ErrorLines.oneLine(e.getMessage()), e);
    }
  }

  /** Writes one array in npy format 1.0. */
  public static void writeNpy(OutputStream out, NpyArray array) throws IOException {
    NpyFormat.write(out, array);
  }

  /** {@link #readNpy(InputStream, long)} within {@link Limits#DEFAULT}'s total. */
  public static NpyArray readNpy(InputStream in) throws IOException {
    return readNpy(in, Limits.DEFAULT.maxTotalBytes());
  }

  /**
   * Reads one array in npy format 1.x, 2.x or 3.x (C order, supported dtypes only); the stream is
   * left just after the array's data.
   *
   * @param maxBytes most bytes to read (header and data)
   * @throws IOException one line naming the bad value and what was expected
   */
  public static NpyArray readNpy(InputStream in, long maxBytes) throws IOException {
    return NpyFormat.read(in, new NpyFormat.Budget(maxBytes));
  }

  /** Serialises one array to bytes in npy format (for tests and embedding). */
  public static byte[] toNpyBytes(NpyArray array) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeNpy(out, array);
    return out.toByteArray();
  }
}
