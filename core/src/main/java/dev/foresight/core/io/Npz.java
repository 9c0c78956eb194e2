package dev.foresight.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class Npz {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final int MAX_HEADER = 64 * 1024;
  private static final java.time.LocalDateTime FIXED_ENTRY_TIME =
      java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

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

  /**
   * Reads every array of an archive.
   *
   * @throws IOException naming the file and entry when the content is not a supported npy array
   */
  public static Map<String, NpyArray> read(Path file) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        String name = entry.getName();
        if (!name.endsWith(".npy")) {
          continue;
        }
        try {
          arrays.put(name.substring(0, name.length() - 4), readNpy(zip));
        } catch (IOException | IllegalArgumentException e) {
          throw new IOException(file + ": entry " + name + ": " + e.getMessage(), e);
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a valid npz (zip) archive: " + e.getMessage(), e);
    }
    return arrays;
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

  /** Reads one array in npy format 1.x or 2.x (C order, supported dtypes only). */
  public static NpyArray readNpy(InputStream in) throws IOException {
    byte[] magic = in.readNBytes(8);
    for (int i = 0; i < MAGIC.length; i++) {
      if (magic.length < 8 || magic[i] != MAGIC[i]) {
        throw new IOException("not an npy array (bad magic)");
      }
    }
    int major = magic[6];
    int headerLength;
    if (major == 1) {
      byte[] length = in.readNBytes(2);
      headerLength = (length[0] & 0xff) | (length[1] & 0xff) << 8;
    } else if (major == 2 || major == 3) {
      byte[] length = in.readNBytes(4);
      headerLength =
          (length[0] & 0xff)
              | (length[1] & 0xff) << 8
              | (length[2] & 0xff) << 16
              | (length[3] & 0xff) << 24;
    } else {
      throw new IOException("npy version " + major + " is not supported, expected 1, 2 or 3");
    }
    if (headerLength < 0 || headerLength > MAX_HEADER) {
      throw new IOException("npy header of " + headerLength + " bytes is too large");
    }
    String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new IOException("npy header is malformed: " + header.strip());
    }
    if (fortran.group(1).equals("True")) {
      throw new IOException("npy array is in Fortran order, expected C order");
    }
    NpyArray.DType dtype = NpyArray.DType.fromDescr(descr.group(1));
    if (dtype == null) {
      throw new IOException(
          "npy dtype " + descr.group(1) + " is not supported, expected <f4, |u1, <i4, <i8 or |b1");
    }
    String[] parts = shape.group(1).split(",");
    int count = 0;
    int[] dimensions = new int[parts.length];
    long elements = 1;
    for (String part : parts) {
      if (!part.isBlank()) {
        dimensions[count] = Integer.parseInt(part.strip());
        elements *= dimensions[count++];
      }
    }
    int[] exact = java.util.Arrays.copyOf(dimensions, count);
    long bytes = elements * dtype.size();
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new IOException("npy array of " + bytes + " bytes is too large");
    }
    byte[] data = in.readNBytes((int) bytes);
    if (data.length != bytes) {
      throw new IOException("npy data truncated: expected " + bytes + " bytes, got " + data.length);
    }
    return new NpyArray(dtype, exact, data);
  }

  /** Serialises one array to bytes in npy format (for tests and embedding). */
  public static byte[] toNpyBytes(NpyArray array) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeNpy(out, array);
    return out.toByteArray();
  }
}
