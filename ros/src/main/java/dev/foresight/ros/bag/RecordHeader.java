package dev.foresight.ros.bag;

import dev.foresight.core.io.ErrorLines;
import dev.foresight.core.io.InvalidFileException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The header of one bag record: {@code name=value} fields, each prefixed by its little-endian
 * {@code uint32} length. Values are raw bytes (integers are little-endian, times are {@code uint32}
 * seconds then {@code uint32} nanoseconds).
 */
final class RecordHeader {
  static final int OP_MESSAGE_DATA = 0x02;
  static final int OP_BAG_HEADER = 0x03;
  static final int OP_INDEX_DATA = 0x04;
  static final int OP_CHUNK = 0x05;
  static final int OP_CHUNK_INFO = 0x06;
  static final int OP_CONNECTION = 0x07;

  /** Characters of file content quoted in an error message. */
  static final int QUOTE_CHARS = 80;

  /** Most fields in one header (a connection header holds about six). */
  static final int MAX_FIELDS = 64;

  private final String file;
  private final String where;
  private final byte[] bytes;
  private final Map<String, int[]> fields;

  private RecordHeader(String file, String where, byte[] bytes, Map<String, int[]> fields) {
    this.file = file;
    this.where = where;
    this.bytes = bytes;
    this.fields = fields;
  }

  /**
   * Parses the fields in {@code bytes[offset, offset + length)}.
   *
   * @param where the record's place, e.g. {@code "record at byte 4117"}
   */
  static RecordHeader parse(String file, String where, byte[] bytes, int offset, int length)
      throws InvalidFileException {
    Map<String, int[]> fields = new HashMap<>();
    int at = offset;
    int end = offset + length;
    while (at < end) {
      if (end - at < 4) {
        throw new InvalidFileException(
            file, where + ": " + (end - at) + " stray bytes at the end of its header", "fields");
      }
      long fieldLength = uint32(bytes, at);
      at += 4;
      if (fieldLength > end - at) {
        throw new InvalidFileException(
            file,
            where + ": header field of " + fieldLength + " bytes",
            "at most the " + (end - at) + " bytes left in the header");
      }
      int fieldEnd = at + (int) fieldLength;
      int equals = -1;
      for (int i = at; i < fieldEnd; i++) {
        if (bytes[i] == '=') {
          equals = i;
          break;
        }
      }
      if (equals < 0) {
        throw new InvalidFileException(
            file, where + ": header field without '='", "name=value fields");
      }
      if (fields.size() >= MAX_FIELDS) {
        throw new InvalidFileException(
            file, where + ": more than " + MAX_FIELDS + " header fields", "a bag record header");
      }
      String name = new String(bytes, at, equals - at, StandardCharsets.UTF_8);
      fields.put(name, new int[] {equals + 1, fieldEnd - equals - 1});
      at = fieldEnd;
    }
    return new RecordHeader(file, where, bytes, fields);
  }

  static long uint32(byte[] bytes, int at) {
    return (bytes[at] & 0xFFL)
        | (bytes[at + 1] & 0xFFL) << 8
        | (bytes[at + 2] & 0xFFL) << 16
        | (bytes[at + 3] & 0xFFL) << 24;
  }

  /** A time field (uint32 seconds, uint32 nanoseconds) as nanoseconds since the epoch. */
  static long timeNanos(byte[] bytes, int at) {
    return uint32(bytes, at) * 1_000_000_000L + uint32(bytes, at + 4);
  }

  /** {@code text} on one line and at most {@link #QUOTE_CHARS} characters, for error messages. */
  static String quote(String text) {
    String line = ErrorLines.oneLine(text);
    return line.length() <= QUOTE_CHARS ? line : line.substring(0, QUOTE_CHARS) + "…";
  }

  String where() {
    return where;
  }

  int op() throws InvalidFileException {
    return (int) integer("op", 1);
  }

  boolean has(String name) {
    return fields.containsKey(name);
  }

  long uint32(String name) throws InvalidFileException {
    return integer(name, 4);
  }

  long uint64(String name) throws InvalidFileException {
    int[] field = field(name, 8);
    long high = uint32(bytes, field[0] + 4);
    if (high > Integer.MAX_VALUE) {
      throw new InvalidFileException(
          file, where + ": field " + name + " is beyond 2^63", "a file offset");
    }
    return uint32(bytes, field[0]) | high << 32;
  }

  long time(String name) throws InvalidFileException {
    return timeNanos(bytes, field(name, 8)[0]);
  }

  String string(String name) throws InvalidFileException {
    int[] field = field(name, -1);
    return new String(bytes, field[0], field[1], StandardCharsets.UTF_8);
  }

  private long integer(String name, int size) throws InvalidFileException {
    int[] field = field(name, size);
    return size == 1 ? bytes[field[0]] & 0xFFL : uint32(bytes, field[0]);
  }

  private int[] field(String name, int size) throws InvalidFileException {
    int[] field = fields.get(name);
    if (field == null) {
      throw new InvalidFileException(
          file, where + ": header has no field '" + name + "'", "the fields of its op");
    }
    if (size >= 0 && field[1] != size) {
      throw new InvalidFileException(
          file, where + ": field " + name + " is " + field[1] + " bytes", size + " bytes");
    }
    return field;
  }
}
