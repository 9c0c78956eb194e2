package dev.foresight.core.io;

import dev.foresight.core.LogText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final Pattern DIMENSION = Pattern.compile("-?[0-9]{1,30}");

  /** Data arrays start at most this large and grow as bytes arrive, up to their declared size. */
  private static final int FIRST_CHUNK_BYTES = 8 << 20;

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
    Budget budget = new Budget(limits.maxTotalBytes());
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
          NpyArray array = readNpy(zip, budget);
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
    StringBuilder shape = new StringBuilder();
    int[] dimensions = array.shape();
    for (int i = 0; i < dimensions.length; i++) {
      shape
          .append(dimensions[i])
          .append(dimensions.length == 1 || i < dimensions.length - 1 ? "," : "");
      if (i < dimensions.length - 1) {
        shape.append(' ');
      }
    }
    String header =
        "{'descr': '"
            + array.dtype().descr()
            + "', 'fortran_order': False, 'shape': ("
            + shape
            + "), }";
    int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    byte[] headerBytes =
        (header + " ".repeat(padding) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    out.write(MAGIC);
    out.write(1);
    out.write(0);
    out.write(headerBytes.length & 0xff);
    out.write(headerBytes.length >>> 8);
    out.write(headerBytes);
    out.write(array.data());
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
    return readNpy(in, new Budget(maxBytes));
  }

  private static NpyArray readNpy(InputStream in, Budget budget) throws IOException {
    byte[] magic = in.readNBytes(8);
    for (int i = 0; i < MAGIC.length; i++) {
      if (magic.length <= i || magic[i] != MAGIC[i]) {
        throw new IOException("not an npy array (bad magic), expected \\x93NUMPY");
      }
    }
    if (magic.length < 8) {
      throw new IOException("npy header truncated after " + magic.length + " bytes");
    }
    int major = magic[6] & 0xff;
    int lengthBytes;
    if (major == 1) {
      lengthBytes = 2;
    } else if (major == 2 || major == 3) {
      lengthBytes = 4;
    } else {
      throw new IOException("npy version " + major + " is not supported, expected 1, 2 or 3");
    }
    byte[] length = in.readNBytes(lengthBytes);
    if (length.length < lengthBytes) {
      throw new IOException(
          "npy header truncated: its length field has "
              + length.length
              + " of "
              + lengthBytes
              + " bytes");
    }
    long headerLength = 0;
    for (int i = lengthBytes - 1; i >= 0; i--) {
      headerLength = headerLength << 8 | (length[i] & 0xff);
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new IOException(
          "npy header of "
              + headerLength
              + " bytes is too large, expected at most "
              + MAX_HEADER_BYTES);
    }
    budget.take(8 + lengthBytes + headerLength, "the npy header");
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw new IOException(
          "npy header truncated: expected " + headerLength + " bytes, got " + headerBytes.length);
    }
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new IOException(
          "npy header "
              + LogText.quote(header.strip(), 120)
              + " is malformed, expected a dictionary with 'descr', 'fortran_order' and 'shape'");
    }
    if (fortran.group(1).equals("True")) {
      throw new IOException("npy array is in Fortran order, expected C order");
    }
    NpyArray.DType dtype = NpyArray.DType.fromDescr(descr.group(1));
    if (dtype == null) {
      throw new IOException(
          "npy dtype "
              + LogText.quote(descr.group(1))
              + " is not supported, expected <f4, |u1, <i4, <i8 or |b1");
    }
    int[] dimensions = parseShape(shape.group(1));
    long bytes = dataBytes(dtype, dimensions, shape.group(1));
    long allowed = Math.min(budget.remaining, MAX_ARRAY_BYTES);
    if (bytes > allowed) {
      throw new IOException(
          "npy array "
              + dtype.descr()
              + " "
              + LogText.quote("(" + shape.group(1) + ")")
              + " needs "
              + bytes
              + " bytes, expected at most "
              + allowed
              + (allowed == MAX_ARRAY_BYTES
                  ? " (the largest Java array)"
                  : " (what is left of this file's size budget)"));
    }
    budget.take(bytes, "the npy data");
    return new NpyArray(dtype, dimensions, readExactly(in, (int) bytes));
  }

  /** The dimensions of a shape tuple's text, e.g. {@code "3, 64, 64"} or {@code "7,"}. */
  private static int[] parseShape(String text) throws IOException {
    if (text.isBlank()) {
      return new int[0];
    }
    String[] parts = text.split(",", -1);
    int count = parts.length;
    if (count > 1 && parts[count - 1].isBlank()) {
      count--; // a trailing comma, as in (7,)
    }
    if (count > MAX_DIMENSIONS) {
      throw new IOException(
          "npy shape "
              + LogText.quote("(" + text + ")")
              + " has "
              + count
              + " dimensions, expected at most "
              + MAX_DIMENSIONS);
    }
    int[] dimensions = new int[count];
    for (int i = 0; i < count; i++) {
      String part = parts[i].strip();
      if (!DIMENSION.matcher(part).matches()) {
        throw new IOException(
            "npy shape "
                + LogText.quote("(" + text + ")")
                + " has dimension "
                + LogText.quote(part)
                + ", expected non-negative integers");
      }
      long dimension = part.length() > 12 ? Long.MAX_VALUE : Long.parseLong(part);
      if (dimension < 0 || dimension > Integer.MAX_VALUE) {
        throw new IOException(
            "npy shape "
                + LogText.quote("(" + text + ")")
                + " has dimension "
                + part
                + ", expected 0.."
                + Integer.MAX_VALUE);
      }
      dimensions[i] = (int) dimension;
    }
    return dimensions;
  }

  /** {@code product(dimensions) · dtype.size()}, or an error when it overflows a long. */
  private static long dataBytes(NpyArray.DType dtype, int[] dimensions, String text)
      throws IOException {
    try {
      return Math.multiplyExact(NpyArray.elementCount(dimensions), dtype.size());
    } catch (ArithmeticException e) {
      throw new IOException(
          "npy array "
              + dtype.descr()
              + " "
              + LogText.quote("(" + text + ")")
              + " needs more than "
              + Long.MAX_VALUE
              + " bytes, expected at most "
              + MAX_ARRAY_BYTES);
    }
  }

  /**
   * Reads exactly {@code length} bytes. The array grows as data arrives, so a header that declares
   * more data than the file holds costs at most the data present plus one first chunk.
   */
  private static byte[] readExactly(InputStream in, int length) throws IOException {
    byte[] data = new byte[Math.min(length, FIRST_CHUNK_BYTES)];
    int filled = 0;
    while (true) {
      filled += in.readNBytes(data, filled, data.length - filled);
      if (filled < data.length) {
        throw new IOException("npy data truncated: expected " + length + " bytes, got " + filled);
      }
      if (filled == length) {
        return data;
      }
      data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
    }
  }

  /** Bytes an archive may still use. */
  private static final class Budget {
    private long remaining;

    Budget(long total) {
      remaining = total;
    }

    void take(long bytes, String what) throws IOException {
      if (bytes > remaining) {
        throw new IOException(
            what
                + " needs "
                + bytes
                + " bytes, expected at most "
                + remaining
                + " (what is left of this file's size budget)");
      }
      remaining -= bytes;
    }

    /** Reads the rest of an entry that is not an array, counting it. */
    void skip(InputStream in) throws IOException {
      byte[] scratch = new byte[8192];
      for (int n; (n = in.read(scratch)) > 0; ) {
        if (n > remaining) {
          throw new IOException(
              "inflates to more than the " + remaining + " bytes left of this file's size budget");
        }
        remaining -= n;
      }
    }
  }

  /** Serialises one array to bytes in npy format (for tests and embedding). */
  public static byte[] toNpyBytes(NpyArray array) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeNpy(out, array);
    return out.toByteArray();
  }
}
