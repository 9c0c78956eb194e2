package dev.foresight.ros.bag;

import dev.foresight.core.io.InvalidFileException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The messages of chosen connections in receive-time order (ties in file order). Chunks are read
 * lazily: one is uncompressed only when its earliest message may come next, so memory holds the
 * chunks whose time ranges overlap, usually one.
 */
public final class BagMessages {
  private record Pending(long timeNanos, long order, BagMessage message) {}

  private final BagRecords records;
  private final Map<Integer, BagConnection> connections;
  private final Set<Integer> chosen;
  private final List<ChunkRef> chunks;
  private final long[] chunkStarts;
  private final PriorityQueue<Pending> pending =
      new PriorityQueue<>(
          Comparator.comparingLong(Pending::timeNanos).thenComparingLong(Pending::order));
  private int nextChunk;
  private long order;
  private long bytesRead;

  BagMessages(
      BagRecords records,
      Map<Integer, BagConnection> connections,
      Set<Integer> chosen,
      List<ChunkRef> allChunks) {
    this.records = records;
    this.connections = connections;
    this.chosen = Set.copyOf(chosen);
    List<ChunkRef> used = new ArrayList<>();
    for (ChunkRef chunk : allChunks) {
      if (chunk.earliestNanos(this.chosen) != Long.MAX_VALUE) {
        used.add(chunk);
      }
    }
    used.sort(
        Comparator.comparingLong((ChunkRef chunk) -> chunk.earliestNanos(this.chosen))
            .thenComparingLong(chunk -> chunk.position));
    this.chunks = used;
    this.chunkStarts = used.stream().mapToLong(chunk -> chunk.earliestNanos(this.chosen)).toArray();
  }

  /**
   * The next message, or null after the last.
   *
   * @throws InvalidFileException when a chunk read on the way is malformed
   */
  public BagMessage next() throws IOException {
    while (nextChunk < chunks.size()
        && (pending.isEmpty() || chunkStarts[nextChunk] <= pending.peek().timeNanos())) {
      load(chunks.get(nextChunk++));
    }
    Pending next = pending.poll();
    return next == null ? null : next.message();
  }

  /** Bytes of the file read for the messages returned so far (stored, before decompression). */
  public long bytesRead() {
    return bytesRead;
  }

  private void load(ChunkRef chunk) throws IOException {
    byte[] bytes = records.chunk(chunk);
    bytesRead += chunk.dataLength;
    String file = records.source().name();
    java.util.Map<Integer, long[]> found = new java.util.HashMap<>();
    records.forEach(
        chunk,
        bytes,
        (header, op, data, offset, length) -> {
          if (op == RecordHeader.OP_MESSAGE_DATA) {
            int id = records.connectionId(header);
            if (chosen.contains(id)) {
              long time = header.time("time");
              long[] expected = chunk.stats.get(id);
              if (expected == null || time < expected[1] || time > expected[2]) {
                throw new InvalidFileException(
                    file,
                    header.where() + ": message on connection " + id + " at " + time + " ns",
                    expected == null
                        ? "no messages on it, as the chunk's index lists none"
                        : "a time between "
                            + expected[1]
                            + " and "
                            + expected[2]
                            + " ns, as indexed");
              }
              found.computeIfAbsent(id, key -> new long[1])[0]++;
              BagMessage message =
                  new BagMessage(file, connections.get(id), time, data, offset, length);
              pending.add(new Pending(time, order++, message));
            }
          } else if (op != RecordHeader.OP_CONNECTION) {
            throw new InvalidFileException(
                file,
                header.where() + ": op " + op + " inside a chunk",
                "connection (op 7) or message (op 2) records");
          }
        });
    for (int id : chosen) {
      long[] expected = chunk.stats.get(id);
      long expectedCount = expected == null ? 0 : expected[0];
      long count = found.containsKey(id) ? found.get(id)[0] : 0;
      if (count != expectedCount) {
        throw new InvalidFileException(
            file,
            chunk.where() + " holds " + count + " messages on connection " + id,
            "the " + expectedCount + " its index lists");
      }
    }
  }
}
