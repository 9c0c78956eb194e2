package dev.foresight.core.io;

import dev.foresight.core.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The npy array format inside {@link Npz} archives: header writing and bounded, validating reads.
 * Limits are {@link Npz}'s constants.
 */
final class NpyFormat {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final Pattern DIMENSION = Pattern.compile("-?[0-9]{1,30}");

  /** Data arrays start at most this large and grow as bytes arrive, up to their declared size. */
  private static final int FIRST_CHUNK_BYTES = 8 << 20;

  private NpyFormat() {}

  /** Writes one array in npy format 1.0. */
  static void write(OutputStream out, NpyArray array) throws IOException {
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

  /** Reads one array (C order, supported dtypes); the stream is left after its data. */
  static NpyArray read(InputStream in, Budget budget) throws IOException {
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
    if (headerLength > Npz.MAX_HEADER_BYTES) {
      throw new IOException(
          "npy header of "
              + headerLength
              + " bytes is too large, expected at most "
              + Npz.MAX_HEADER_BYTES);
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
    long allowed = Math.min(budget.remaining, Npz.MAX_ARRAY_BYTES);
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
              + (allowed == Npz.MAX_ARRAY_BYTES
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
    if (count > Npz.MAX_DIMENSIONS) {
      throw new IOException(
          "npy shape "
              + LogText.quote("(" + text + ")")
              + " has "
              + count
              + " dimensions, expected at most "
              + Npz.MAX_DIMENSIONS);
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
              + Npz.MAX_ARRAY_BYTES);
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
  static final class Budget {
    long remaining;

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
}
