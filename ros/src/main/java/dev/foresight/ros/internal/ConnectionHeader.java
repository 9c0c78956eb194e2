package dev.foresight.ros.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TCPROS connection headers: a sequence of fields, each a 4-byte little-endian length followed by
 * {@code key=value}. On the wire the whole header is preceded by its 4-byte length, which the frame
 * decoder strips.
 */
public final class ConnectionHeader {
  /** Most fields accepted in one header. */
  public static final int MAX_FIELDS = 64;

  private ConnectionHeader() {}

  /** Encodes a header with its 4-byte total length prefix. */
  public static ByteBuf encode(ByteBufAllocator allocator, Map<String, String> fields) {
    ByteBuf out = allocator.buffer(256);
    out.writeIntLE(0);
    for (Map.Entry<String, String> field : fields.entrySet()) {
      int lengthIndex = out.writerIndex();
      out.writeIntLE(0);
      int length = out.writeCharSequence(field.getKey(), StandardCharsets.UTF_8);
      out.writeByte('=');
      length += 1 + out.writeCharSequence(field.getValue(), StandardCharsets.UTF_8);
      out.setIntLE(lengthIndex, length);
    }
    out.setIntLE(0, out.writerIndex() - 4);
    return out;
  }

  /**
   * Decodes a header (without its total length prefix).
   *
   * @throws IllegalArgumentException saying what is malformed: a field length beyond the header, a
   *     field without {@code =}, too many fields
   */
  public static Map<String, String> decode(ByteBuf frame) {
    Map<String, String> fields = new LinkedHashMap<>();
    while (frame.isReadable()) {
      if (frame.readableBytes() < 4) {
        throw new IllegalArgumentException(
            "malformed connection header: "
                + frame.readableBytes()
                + " stray bytes after the fields");
      }
      long length = frame.readUnsignedIntLE();
      if (length > frame.readableBytes()) {
        throw new IllegalArgumentException(
            "malformed connection header: field of "
                + length
                + " bytes but only "
                + frame.readableBytes()
                + " left");
      }
      String field = frame.readCharSequence((int) length, StandardCharsets.UTF_8).toString();
      int equals = field.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "malformed connection header: field '" + clip(field) + "' is not key=value");
      }
      if (fields.size() >= MAX_FIELDS) {
        throw new IllegalArgumentException(
            "malformed connection header: more than " + MAX_FIELDS + " fields");
      }
      fields.put(field.substring(0, equals), field.substring(equals + 1));
    }
    return fields;
  }

  private static String clip(String text) {
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
