package dev.foresight.ros.bag;

import java.util.HashMap;
import java.util.Map;

/**
 * Where one chunk's records are and what they hold: per connection, the message count and the
 * earliest and latest receive time. A run of records outside any chunk (what an unfinished
 * recording leaves after an empty chunk header) is an uncompressed chunk whose data starts at its
 * first record.
 */
final class ChunkRef {
  final long position;
  final long dataPosition;
  final int dataLength;
  final String compression;
  final int size;

  /** Connection id → {count, earliest time ns, latest time ns}. */
  final Map<Integer, long[]> stats = new HashMap<>();

  ChunkRef(long position, long dataPosition, int dataLength, String compression, int size) {
    this.position = position;
    this.dataPosition = dataPosition;
    this.dataLength = dataLength;
    this.compression = compression;
    this.size = size;
  }

  String where() {
    return "chunk at byte " + position;
  }

  void count(int connection, long count, long earliestNanos, long latestNanos) {
    long[] entry = stats.computeIfAbsent(connection, id -> new long[] {0, Long.MAX_VALUE, 0});
    entry[0] += count;
    entry[1] = Math.min(entry[1], earliestNanos);
    entry[2] = Math.max(entry[2], latestNanos);
  }

  /** Earliest receive time over {@code connections}, or {@link Long#MAX_VALUE} when none. */
  long earliestNanos(java.util.Set<Integer> connections) {
    long earliest = Long.MAX_VALUE;
    for (Map.Entry<Integer, long[]> entry : stats.entrySet()) {
      if (connections.contains(entry.getKey()) && entry.getValue()[0] > 0) {
        earliest = Math.min(earliest, entry.getValue()[1]);
      }
    }
    return earliest;
  }
}
