package dev.foresight.ros.bag;

import dev.foresight.core.io.InvalidFileException;
import java.io.IOException;

/**
 * Reads bag records: at the top level of the file ({@code uint32} header length, header, {@code
 * uint32} data length, data) and inside an uncompressed chunk, checking every length against the
 * bytes there and the {@link RosBag.Limits}.
 */
final class BagRecords {
  /** A top-level record whose header is read and whose data is not. */
  record Record(long position, RecordHeader header, int op, long dataPosition, long dataLength) {
    long end() {
      return dataPosition + dataLength;
    }
  }

  /** Receives the records of a chunk. */
  interface ChunkVisitor {
    /**
     * One record.
     *
     * @param chunk the uncompressed chunk (not to be modified)
     */
    void record(RecordHeader header, int op, byte[] chunk, int dataOffset, int dataLength)
        throws IOException;
  }

  private final BagSource source;
  private final RosBag.Limits limits;

  BagRecords(BagSource source, RosBag.Limits limits) {
    this.source = source;
    this.limits = limits;
  }

  BagSource source() {
    return source;
  }

  RosBag.Limits limits() {
    return limits;
  }

  /** Reads the record at {@code position} up to its data. */
  Record read(long position) throws IOException {
    String where = "record at byte " + position;
    long headerLength = RecordHeader.uint32(source.read(position, 4, where), 0);
    if (headerLength > limits.maxHeaderBytes()) {
      throw new InvalidFileException(
          source.name(),
          where + ": header length " + headerLength,
          "at most " + limits.maxHeaderBytes() + " bytes");
    }
    byte[] header = source.read(position + 4, headerLength, "the header of the " + where);
    RecordHeader fields = RecordHeader.parse(source.name(), where, header, 0, header.length);
    long dataLengthAt = position + 4 + headerLength;
    long dataLength = RecordHeader.uint32(source.read(dataLengthAt, 4, where), 0);
    long dataPosition = dataLengthAt + 4;
    if (dataLength > source.size() - dataPosition) {
      throw new InvalidFileException(
          source.name(),
          where + ": data length " + dataLength + " runs past the end of the file",
          "at most " + (source.size() - dataPosition) + " bytes (is the bag truncated?)");
    }
    return new Record(position, fields, fields.op(), dataPosition, dataLength);
  }

  /**
   * Whether the file ends inside the record at {@code position} (its lengths, header or data run
   * past the end), as it does where a recording was cut off mid-write.
   */
  boolean endsInside(long position) throws IOException {
    long size = source.size();
    if (size - position < 4) {
      return true;
    }
    long headerLength = RecordHeader.uint32(source.read(position, 4, "record"), 0);
    if (headerLength > limits.maxHeaderBytes()) {
      return false;
    }
    long dataLengthAt = position + 4 + headerLength;
    if (dataLengthAt + 4 > size) {
      return true;
    }
    long dataLength = RecordHeader.uint32(source.read(dataLengthAt, 4, "record"), 0);
    return dataLength > size - dataLengthAt - 4;
  }

  /** The data of {@code record}. */
  byte[] data(Record record, String what) throws IOException {
    return source.read(record.dataPosition(), record.dataLength(), what);
  }

  /** Reads and uncompresses {@code chunk}. */
  byte[] chunk(ChunkRef chunk) throws IOException {
    byte[] data = source.read(chunk.dataPosition, chunk.dataLength, chunk.where());
    return ChunkDecoder.decode(source.name(), chunk.where(), chunk.compression, data, chunk.size);
  }

  /** Makes a chunk reference from a chunk record, checking its compression and size. */
  ChunkRef chunkRef(Record record) throws IOException {
    String where = "chunk at byte " + record.position();
    String compression = record.header().string("compression");
    if (!ChunkDecoder.COMPRESSIONS.contains(compression)) {
      throw new InvalidFileException(
          source.name(),
          where + ": compression '" + RecordHeader.quote(compression) + "'",
          "one of none, bz2, lz4");
    }
    long size = record.header().uint32("size");
    if (size > limits.maxChunkBytes()) {
      throw new InvalidFileException(
          source.name(),
          where + ": uncompressed size " + size,
          "at most " + limits.maxChunkBytes() + " bytes");
    }
    if (record.dataLength() > limits.maxChunkBytes()) {
      throw new InvalidFileException(
          source.name(),
          where + ": stored size " + record.dataLength(),
          "at most " + limits.maxChunkBytes() + " bytes");
    }
    return new ChunkRef(
        record.position(),
        record.dataPosition(),
        (int) record.dataLength(),
        compression,
        (int) size);
  }

  /** Visits the records of an uncompressed chunk in order. */
  void forEach(ChunkRef chunk, byte[] bytes, ChunkVisitor visitor) throws IOException {
    int at = 0;
    while (at < bytes.length) {
      String where = chunk.where() + ", record at chunk byte " + at;
      long headerLength = fit(where, "header length", bytes, at);
      int headerAt = at + 4;
      RecordHeader header =
          RecordHeader.parse(source.name(), where, bytes, headerAt, (int) headerLength);
      int dataLengthAt = headerAt + (int) headerLength;
      long dataLength = fit(where, "data length", bytes, dataLengthAt);
      int dataAt = dataLengthAt + 4;
      visitor.record(header, header.op(), bytes, dataAt, (int) dataLength);
      at = dataAt + (int) dataLength;
    }
  }

  private long fit(String where, String what, byte[] bytes, int at) throws InvalidFileException {
    if (bytes.length - at < 4) {
      throw new InvalidFileException(
          source.name(), where + ": " + what + " cut off by the end of the chunk", "4 more bytes");
    }
    long value = RecordHeader.uint32(bytes, at);
    if (value > bytes.length - at - 4) {
      throw new InvalidFileException(
          source.name(),
          where + ": " + what + " " + value,
          "at most the " + (bytes.length - at - 4) + " bytes left in the chunk");
    }
    return value;
  }

  /** The connection a connection record defines. */
  BagConnection connection(RecordHeader header, byte[] bytes, int dataOffset, int dataLength)
      throws IOException {
    int id = connectionId(header);
    String topic = header.string("topic");
    RecordHeader fields =
        RecordHeader.parse(
            source.name(),
            header.where() + " (connection " + id + ")",
            bytes,
            dataOffset,
            dataLength);
    return new BagConnection(
        id,
        topic,
        fields.string("type"),
        fields.string("md5sum"),
        fields.has("message_definition") ? fields.string("message_definition") : "",
        fields.has("callerid") ? fields.string("callerid") : "",
        fields.has("latching") && fields.string("latching").equals("1"),
        0,
        0,
        0,
        0);
  }

  /** The {@code conn} field of a record, checked to fit an int. */
  int connectionId(RecordHeader header) throws InvalidFileException {
    long id = header.uint32("conn");
    if (id > Integer.MAX_VALUE) {
      throw new InvalidFileException(
          source.name(), header.where() + ": connection id " + id, "at most " + Integer.MAX_VALUE);
    }
    return (int) id;
  }
}
