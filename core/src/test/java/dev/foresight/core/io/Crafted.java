package dev.foresight.core.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Hand-made npy and zip bytes for tests that need files no well-behaved writer produces. */
final class Crafted {
  private Crafted() {}

  /** An npy 1.0 array with a hand-written header dictionary, padded as numpy pads it. */
  static byte[] npy(String header, byte[] data) {
    int unpadded = 10 + header.length() + 1;
    String padded = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer out =
        ByteBuffer.allocate(10 + padded.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.putShort((short) padded.length());
    out.put(padded.getBytes(StandardCharsets.ISO_8859_1));
    out.put(data);
    return out.array();
  }

  /** The header dictionary numpy writes for a C-order array. */
  static String header(String descr, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  }

  /**
   * One zip local entry (header and data, no data descriptor). {@link java.util.zip.ZipInputStream}
   * reads archives made of such entries alone; it never looks at a central directory.
   *
   * @param method 0 stored, 8 deflated
   */
  static byte[] localEntry(
      byte[] name, int method, long crc, long compressedSize, long size, byte[] data) {
    ByteBuffer out = ByteBuffer.allocate(30 + name.length + data.length);
    out.order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0x04034b50);
    out.putShort((short) 20);
    out.putShort((short) 0);
    out.putShort((short) method);
    out.putInt(0);
    out.putInt((int) crc);
    out.putInt((int) compressedSize);
    out.putInt((int) size);
    out.putShort((short) name.length);
    out.putShort((short) 0);
    out.put(name);
    out.put(data);
    return out.array();
  }

  /** A stored (uncompressed) entry holding {@code content}. */
  static byte[] storedEntry(String name, byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    return localEntry(
        name.getBytes(StandardCharsets.UTF_8),
        0,
        crc.getValue(),
        content.length,
        content.length,
        content);
  }

  /**
   * A deflated entry that inflates to {@code prefix} followed by {@code zeroMebibytes} MiB of
   * zeros, built from one compressed MiB repeated (each piece ends with a full flush, so pieces are
   * independent): a file of about 1 KiB per inflated MiB.
   */
  static byte[] zeroBombEntry(String name, byte[] prefix, int zeroMebibytes) {
    byte[] mebibyte = new byte[1 << 20];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] head = flushed(deflater, prefix);
    byte[] piece = flushed(deflater, mebibyte);
    deflater.setInput(new byte[0]);
    deflater.finish();
    byte[] tail = new byte[64];
    int tailLength = deflater.deflate(tail);
    deflater.end();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    compressed.writeBytes(head);
    CRC32 crc = new CRC32();
    crc.update(prefix);
    for (int i = 0; i < zeroMebibytes; i++) {
      compressed.writeBytes(piece);
      crc.update(mebibyte);
    }
    compressed.write(tail, 0, tailLength);
    byte[] data = compressed.toByteArray();
    long size = prefix.length + ((long) zeroMebibytes << 20);
    return localEntry(
        name.getBytes(StandardCharsets.UTF_8), 8, crc.getValue(), data.length, size, data);
  }

  private static byte[] flushed(Deflater deflater, byte[] input) {
    deflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    return out.toByteArray();
  }

  /** Concatenates byte arrays. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
