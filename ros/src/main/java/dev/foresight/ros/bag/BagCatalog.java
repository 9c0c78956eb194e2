package dev.foresight.ros.bag;

import dev.foresight.core.io.InvalidFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a bag holds: its connections and its chunks with per-connection counts and times. Built from
 * the index at the end of the file when the bag header points to one, else by reading every chunk
 * in order (as {@code rosbag reindex} does).
 */
final class BagCatalog {
  /** The first line of every bag of format 2.0. */
  static final String MAGIC = "#ROSBAG V2.0\n";

  final Map<Integer, BagConnection> connections = new TreeMap<>();
  final List<ChunkRef> chunks = new ArrayList<>();
  final TreeSet<String> compressions = new TreeSet<>();
  boolean indexed;

  /** Bytes at the end of a bag without index that hold no complete record. */
  long unreadTailBytes;

  /** Connection id → {previous time in file order, largest step back in time}, ns. */
  private final Map<Integer, long[]> fileOrder = new TreeMap<>();

  private final BagRecords records;

  private BagCatalog(BagRecords records) {
    this.records = records;
  }

  static BagCatalog read(BagRecords records) throws IOException {
    BagCatalog catalog = new BagCatalog(records);
    catalog.readAll();
    return catalog;
  }

  private void readAll() throws IOException {
    BagSource source = records.source();
    byte[] magic = source.read(0, Math.min(MAGIC.length(), source.size()), "the magic line");
    String start = new String(magic, StandardCharsets.ISO_8859_1);
    if (!start.equals(MAGIC)) {
      throw new InvalidFileException(
          source.name(),
          "starts with '" + RecordHeader.quote(start) + "'",
          "'#ROSBAG V2.0' (a ROS 1 bag of format 2.0)");
    }
    BagRecords.Record header = records.read(MAGIC.length());
    if (header.op() != RecordHeader.OP_BAG_HEADER) {
      throw unexpectedOp(header, "the bag header (op 3)");
    }
    long indexPosition = header.header().uint64("index_pos");
    long connectionCount = header.header().uint32("conn_count");
    long chunkCount = header.header().uint32("chunk_count");
    if (indexPosition == 0) {
      scan(header.end());
    } else {
      if (indexPosition < header.end() || indexPosition >= source.size()) {
        throw new InvalidFileException(
            source.name(),
            "index position "
                + indexPosition
                + " is outside the file of "
                + source.size()
                + " bytes",
            "a position between " + header.end() + " and the file size (is the bag truncated?)");
      }
      readIndex(indexPosition, connectionCount, chunkCount);
    }
    summarise();
  }

  private void readIndex(long position, long connectionCount, long chunkCount) throws IOException {
    indexed = true;
    List<BagRecords.Record> chunkInfos = new ArrayList<>();
    long at = position;
    while (at < records.source().size()) {
      BagRecords.Record record = records.read(at);
      if (record.op() == RecordHeader.OP_CONNECTION) {
        byte[] data = records.data(record, "connection record");
        addConnection(records.connection(record.header(), data, 0, data.length));
      } else if (record.op() == RecordHeader.OP_CHUNK_INFO) {
        chunkInfos.add(record);
      } else {
        throw unexpectedOp(record, "connection (op 7) or chunk info (op 6) records in the index");
      }
      at = record.end();
    }
    if (connections.size() != connectionCount || chunkInfos.size() != chunkCount) {
      throw new InvalidFileException(
          records.source().name(),
          "index holds " + connections.size() + " connections and " + chunkInfos.size() + " chunks",
          "the " + connectionCount + " and " + chunkCount + " its bag header declares");
    }
    // In file order, the order the recorder wrote the messages.
    long[][] chunkPositions = new long[chunkInfos.size()][];
    for (int i = 0; i < chunkPositions.length; i++) {
      chunkPositions[i] = new long[] {chunkInfos.get(i).header().uint64("chunk_pos"), i};
    }
    java.util.Arrays.sort(chunkPositions, java.util.Comparator.comparingLong(entry -> entry[0]));
    for (long[] chunkPositionAndInfo : chunkPositions) {
      BagRecords.Record info = chunkInfos.get((int) chunkPositionAndInfo[1]);
      long chunkPosition = chunkPositionAndInfo[0];
      BagRecords.Record chunkRecord = records.read(chunkPosition);
      if (chunkRecord.op() != RecordHeader.OP_CHUNK) {
        throw unexpectedOp(
            chunkRecord, "a chunk (op 5) where chunk info at byte " + info.position() + " points");
      }
      ChunkRef chunk = records.chunkRef(chunkRecord);
      readIndexData(chunk, chunkRecord.end());
      checkCounts(info, chunk);
      chunks.add(chunk);
    }
  }

  /** Checks the per-connection counts of a chunk info record against the chunk's index data. */
  private void checkCounts(BagRecords.Record info, ChunkRef chunk) throws IOException {
    long count = info.header().uint32("count");
    if (info.dataLength() != count * 8) {
      throw new InvalidFileException(
          records.source().name(),
          info.header().where() + ": chunk info data of " + info.dataLength() + " bytes",
          "8 bytes for each of its " + count + " connections");
    }
    byte[] data = records.data(info, "chunk info");
    long listed = 0;
    for (int i = 0; i < data.length; i += 8) {
      int connection = (int) RecordHeader.uint32(data, i);
      long messages = RecordHeader.uint32(data, i + 4);
      long[] indexed = chunk.stats.get(connection);
      if ((indexed == null ? 0 : indexed[0]) != messages) {
        throw new InvalidFileException(
            records.source().name(),
            info.header().where() + " lists " + messages + " messages on connection " + connection,
            "the " + (indexed == null ? 0 : indexed[0]) + " the index data after its chunk holds");
      }
      listed += messages;
    }
    long total = chunk.stats.values().stream().mapToLong(entry -> entry[0]).sum();
    if (listed != total) {
      throw new InvalidFileException(
          records.source().name(),
          info.header().where() + " lists " + listed + " messages",
          "the " + total + " the index data after its chunk holds");
    }
  }

  /** Reads the index data records that follow a chunk: one per connection, 12 bytes a message. */
  private void readIndexData(ChunkRef chunk, long position) throws IOException {
    long at = position;
    while (at < records.source().size()) {
      BagRecords.Record record = records.read(at);
      if (record.op() != RecordHeader.OP_INDEX_DATA) {
        return;
      }
      int connection = records.connectionId(record.header());
      long count = record.header().uint32("count");
      if (record.dataLength() != count * 12) {
        throw new InvalidFileException(
            records.source().name(),
            record.header().where() + ": index data of " + record.dataLength() + " bytes",
            "12 bytes for each of its " + count + " messages");
      }
      byte[] entries = records.data(record, "index data");
      for (int i = 0; i < entries.length; i += 12) {
        long time = RecordHeader.timeNanos(entries, i);
        chunk.count(connection, 1, time, time);
        inFileOrder(connection, time);
      }
      at = record.end();
    }
  }

  /** Reads every record in file order; what a bag without an index needs. */
  private void scan(long position) throws IOException {
    long at = position;
    ChunkRef loose = null;
    while (at < records.source().size()) {
      if (records.endsInside(at)) {
        // A recording cut off mid-write: what precedes the last record is complete.
        unreadTailBytes = records.source().size() - at;
        return;
      }
      BagRecords.Record record = records.read(at);
      int op = record.op();
      if (op == RecordHeader.OP_CHUNK) {
        loose = null;
        ChunkRef chunk = records.chunkRef(record);
        records.forEach(
            chunk,
            records.chunk(chunk),
            (header, innerOp, bytes, offset, length) ->
                scanned(chunk, header, innerOp, bytes, offset, length));
        chunks.add(chunk);
      } else if (op == RecordHeader.OP_MESSAGE_DATA || op == RecordHeader.OP_CONNECTION) {
        if (loose == null) {
          loose = new ChunkRef(record.position(), record.position(), 0, "none", 0);
          chunks.add(loose);
        }
        byte[] data = records.data(record, "record");
        scanned(loose, record.header(), op, data, 0, data.length);
        long length = record.end() - loose.dataPosition;
        if (length > records.limits().maxChunkBytes()) {
          throw new InvalidFileException(
              records.source().name(),
              record.header().where() + ": " + length + " bytes of records outside chunks",
              "at most " + records.limits().maxChunkBytes());
        }
        ChunkRef grown =
            new ChunkRef(loose.position, loose.dataPosition, (int) length, "none", (int) length);
        grown.stats.putAll(loose.stats);
        chunks.set(chunks.size() - 1, grown);
        loose = grown;
      } else if (op == RecordHeader.OP_INDEX_DATA || op == RecordHeader.OP_CHUNK_INFO) {
        loose = null;
      } else {
        throw unexpectedOp(record, "chunk, connection, message, index or chunk info records");
      }
      at = record.end();
    }
  }

  private void scanned(
      ChunkRef chunk, RecordHeader header, int op, byte[] bytes, int offset, int length)
      throws IOException {
    if (op == RecordHeader.OP_CONNECTION) {
      addConnection(records.connection(header, bytes, offset, length));
    } else if (op == RecordHeader.OP_MESSAGE_DATA) {
      int connection = records.connectionId(header);
      if (!connections.containsKey(connection)) {
        throw new InvalidFileException(
            records.source().name(),
            header.where() + ": message on connection " + connection,
            "a connection record before its first message");
      }
      long time = header.time("time");
      chunk.count(connection, 1, time, time);
      inFileOrder(connection, time);
    } else {
      throw new InvalidFileException(
          records.source().name(),
          header.where() + ": op " + op + " inside a chunk",
          "connection (op 7) or message (op 2) records");
    }
  }

  /** Notes a message's time in the order the recorder wrote it. */
  private void inFileOrder(int connection, long timeNanos) {
    long[] entry = fileOrder.computeIfAbsent(connection, id -> new long[] {timeNanos, 0});
    entry[1] = Math.max(entry[1], entry[0] - timeNanos);
    entry[0] = timeNanos;
  }

  private void addConnection(BagConnection connection) throws InvalidFileException {
    if (connections.containsKey(connection.id())) {
      return;
    }
    if (connections.size() >= records.limits().maxConnections()) {
      throw new InvalidFileException(
          records.source().name(),
          "more than " + records.limits().maxConnections() + " connections",
          "at most " + records.limits().maxConnections());
    }
    connections.put(connection.id(), connection);
  }

  /** Fills in each connection's count and times from the chunks. */
  private void summarise() throws InvalidFileException {
    Map<Integer, long[]> totals = new TreeMap<>();
    for (ChunkRef chunk : chunks) {
      if (chunk.dataLength > 0 || chunk.size > 0) {
        compressions.add(chunk.compression);
      }
      for (Map.Entry<Integer, long[]> entry : chunk.stats.entrySet()) {
        if (!connections.containsKey(entry.getKey())) {
          throw new InvalidFileException(
              records.source().name(),
              chunk.where() + ": index names connection " + entry.getKey(),
              "one of the bag's " + connections.size() + " connections");
        }
        long[] total =
            totals.computeIfAbsent(entry.getKey(), id -> new long[] {0, Long.MAX_VALUE, 0});
        total[0] += entry.getValue()[0];
        total[1] = Math.min(total[1], entry.getValue()[1]);
        total[2] = Math.max(total[2], entry.getValue()[2]);
      }
    }
    for (Map.Entry<Integer, long[]> entry : totals.entrySet()) {
      BagConnection c = connections.get(entry.getKey());
      long[] total = entry.getValue();
      connections.put(
          c.id(),
          new BagConnection(
              c.id(),
              c.topic(),
              c.type(),
              c.md5(),
              c.definition(),
              c.callerId(),
              c.latching(),
              total[0],
              total[1],
              total[2],
              fileOrder.containsKey(c.id()) ? fileOrder.get(c.id())[1] : 0));
    }
  }

  private InvalidFileException unexpectedOp(BagRecords.Record record, String expected) {
    return new InvalidFileException(
        records.source().name(), record.header().where() + ": op " + record.op(), expected);
  }
}
