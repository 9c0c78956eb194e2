package dev.foresight.ros.bag;

import dev.foresight.core.io.InvalidFileException;
import java.util.Arrays;
import org.apache.commons.codec.digest.XXHash32;

/**
 * Decodes LZ4 frames (the LZ4 frame format 1.6, as ROS's roslz4 writes bag chunks) into a buffer
 * that grows with the output and never beyond the size the chunk declares. Header, block and
 * content checksums are verified; every length and match offset is checked before use.
 */
final class Lz4Frames {
  private static final int MAGIC = 0x184D2204;
  private static final int MIN_MATCH = 4;
  private static final int FIRST_BUFFER_BYTES = 1 << 20;

  private final String file;
  private final String where;
  private final byte[] in;
  private final int size;
  private byte[] out;
  private int ip;
  private int op;

  private Lz4Frames(String file, String where, byte[] in, int size) {
    this.file = file;
    this.where = where;
    this.in = in;
    this.size = size;
    this.out = new byte[Math.min(size, FIRST_BUFFER_BYTES)];
  }

  /**
   * Decodes the frames in {@code in}.
   *
   * @param size the uncompressed size the chunk declares
   * @return exactly {@code size} bytes
   */
  static byte[] decode(String file, String where, byte[] in, int size) throws InvalidFileException {
    Lz4Frames frames = new Lz4Frames(file, where, in, size);
    while (frames.ip < in.length) {
      frames.frame();
    }
    if (frames.op != size) {
      throw frames.error("lz4 data holds " + frames.op + " bytes", "the declared " + size);
    }
    return frames.out.length == size ? frames.out : Arrays.copyOf(frames.out, size);
  }

  private void frame() throws InvalidFileException {
    int magic = int32("magic number");
    if (magic != MAGIC) {
      throw error("lz4 frame magic 0x" + Integer.toHexString(magic), "0x184d2204 (an LZ4 frame)");
    }
    int descriptor = ip;
    int flags = byte8("frame flags");
    if ((flags >>> 6) != 1 || (flags & 0x02) != 0) {
      throw error("lz4 frame flags 0x" + Integer.toHexString(flags), "version 01, reserved bit 0");
    }
    boolean blockChecksums = (flags & 0x10) != 0;
    boolean contentSize = (flags & 0x08) != 0;
    boolean contentChecksum = (flags & 0x04) != 0;
    boolean dictionary = (flags & 0x01) != 0;
    int blockDescriptor = byte8("block descriptor");
    int blockSizeId = (blockDescriptor >>> 4) & 0x07;
    if (blockSizeId < 4 || (blockDescriptor & 0x8F) != 0) {
      throw error(
          "lz4 block descriptor 0x" + Integer.toHexString(blockDescriptor),
          "a maximum block size of 64 KiB to 4 MiB");
    }
    int maxBlock = 1 << (8 + 2 * blockSizeId);
    if (contentSize) {
      need(8, "content size");
      ip += 8;
    }
    if (dictionary) {
      throw error("lz4 frame needs a dictionary", "a frame without dictionary");
    }
    int headerChecksum = byte8("header checksum");
    if (headerChecksum != ((xxh32(descriptor, ip - 1 - descriptor) >>> 8) & 0xFF)) {
      throw error("lz4 frame header checksum " + headerChecksum, "the checksum of its header");
    }
    int contentStart = op;
    while (true) {
      int blockSize = int32("block size");
      if (blockSize == 0) {
        break;
      }
      boolean stored = blockSize < 0;
      int length = blockSize & 0x7FFFFFFF;
      if (length > maxBlock) {
        throw error("lz4 block of " + length + " bytes", "at most " + maxBlock);
      }
      need(length, "block");
      int blockStart = ip;
      if (stored) {
        ensure(length);
        System.arraycopy(in, ip, out, op, length);
        op += length;
        ip += length;
      } else {
        block(ip + length);
      }
      if (blockChecksums) {
        int expected = int32("block checksum");
        if (expected != xxh32(blockStart, length)) {
          throw error("lz4 block checksum mismatch", "the checksum of its block");
        }
      }
    }
    if (contentChecksum) {
      int expected = int32("content checksum");
      XXHash32 hash = new XXHash32();
      hash.update(out, contentStart, op - contentStart);
      if (expected != (int) hash.getValue()) {
        throw error("lz4 content checksum mismatch", "the checksum of its content");
      }
    }
  }

  /** Decodes one compressed block ending at {@code end}. */
  private void block(int end) throws InvalidFileException {
    while (ip < end) {
      int token = in[ip++] & 0xFF;
      int literals = length(token >>> 4, end);
      if (literals > end - ip) {
        throw error("lz4 literal run of " + literals + " bytes", "at most the rest of its block");
      }
      ensure(literals);
      System.arraycopy(in, ip, out, op, literals);
      ip += literals;
      op += literals;
      if (ip == end) {
        return;
      }
      if (end - ip < 2) {
        throw error("lz4 block ends inside a match offset", "2 bytes of offset");
      }
      int offset = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8;
      ip += 2;
      if (offset == 0 || offset > op) {
        throw error("lz4 match offset " + offset, "1 to the " + op + " bytes decoded so far");
      }
      int match = length(token & 0x0F, end) + MIN_MATCH;
      ensure(match);
      int from = op - offset;
      if (offset >= match) {
        System.arraycopy(out, from, out, op, match);
      } else {
        for (int i = 0; i < match; i++) {
          out[op + i] = out[from + i];
        }
      }
      op += match;
    }
  }

  /** A literal or match length: the token's nibble, then 255-continued bytes. */
  private int length(int nibble, int end) throws InvalidFileException {
    long length = nibble;
    if (nibble == 15) {
      int more;
      do {
        if (ip >= end) {
          throw error("lz4 block ends inside a length", "a complete sequence");
        }
        more = in[ip++] & 0xFF;
        length += more;
        if (length > size) {
          throw error("lz4 length beyond " + size + " bytes", "the declared chunk size");
        }
      } while (more == 255);
    }
    return (int) length;
  }

  /** Makes room for {@code bytes} more output, up to the declared size. */
  private void ensure(int bytes) throws InvalidFileException {
    if (bytes > size - op) {
      throw error("lz4 data holds more than the declared " + size, size + " bytes");
    }
    if (op + bytes > out.length) {
      out = Arrays.copyOf(out, (int) Math.min(size, Math.max(op + bytes, 2L * out.length)));
    }
  }

  private void need(int bytes, String what) throws InvalidFileException {
    if (bytes > in.length - ip) {
      throw error("lz4 data ends inside its " + what, bytes + " more bytes");
    }
  }

  private int byte8(String what) throws InvalidFileException {
    need(1, what);
    return in[ip++] & 0xFF;
  }

  private int int32(String what) throws InvalidFileException {
    need(4, what);
    int value = (int) RecordHeader.uint32(in, ip);
    ip += 4;
    return value;
  }

  private int xxh32(int offset, int length) {
    XXHash32 hash = new XXHash32();
    hash.update(in, offset, length);
    return (int) hash.getValue();
  }

  private InvalidFileException error(String problem, String expected) {
    return new InvalidFileException(file, where + ": " + problem, expected);
  }
}
