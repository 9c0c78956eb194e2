package dev.foresight.ros.bag;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A ROS 1 bag file (format 2.0) opened for reading: its connections, and the messages of chosen
 * topics in receive-time order. Opening reads the index at the end of the file, or, when the bag
 * has none (a recording that was not closed), every chunk once. Not thread-safe.
 *
 * <pre>{@code
 * try (RosBag bag = RosBag.open(Path.of("run.bag"))) {
 *   BagMessages messages = bag.messages(List.of("/camera/image_raw"));
 *   for (BagMessage m = messages.next(); m != null; m = messages.next()) {
 *     ImageMessage image = m.decode(ImageMessage.TYPE);
 *   }
 * }
 * }</pre>
 */
public final class RosBag implements Closeable {
  /**
   * How much one bag may make the reader allocate, whatever its lengths declare.
   *
   * @param maxHeaderBytes longest record header (connection records carry the message definition)
   * @param maxChunkBytes largest chunk, stored or uncompressed
   * @param maxConnections most connections
   */
  public record Limits(long maxHeaderBytes, long maxChunkBytes, int maxConnections) {
    /** 16 MiB headers, 1 GiB chunks ({@code rosbag record} closes a chunk at 768 KiB), 65,536. */
    public static final Limits DEFAULT = new Limits(16L << 20, 1L << 30, 65_536);

    /** Checks the limits are positive and that a chunk fits a Java array. */
    public Limits {
      if (maxHeaderBytes < 1
          || maxChunkBytes < 1
          || maxChunkBytes > Integer.MAX_VALUE - 8
          || maxConnections < 1) {
        throw new IllegalArgumentException(
            "bag limits must be positive (chunks below 2 GiB), got maxHeaderBytes "
                + maxHeaderBytes
                + ", maxChunkBytes "
                + maxChunkBytes
                + ", maxConnections "
                + maxConnections);
      }
    }
  }

  private final BagRecords records;
  private final BagCatalog catalog;

  private RosBag(BagRecords records, BagCatalog catalog) {
    this.records = records;
    this.catalog = catalog;
  }

  /** Opens {@code file} with the {@link Limits#DEFAULT default limits}. */
  public static RosBag open(Path file) throws IOException {
    return open(file, Limits.DEFAULT);
  }

  /**
   * Opens {@code file}.
   *
   * @throws dev.foresight.core.io.InvalidFileException when it is not a well-formed bag
   */
  public static RosBag open(Path file, Limits limits) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException(file + ": no such bag file");
    }
    return open(file.toString(), FileChannel.open(file, StandardOpenOption.READ), limits);
  }

  /**
   * Opens a bag held by {@code channel}, which {@link #close()} closes (also when opening fails).
   *
   * @param name names the bag in error messages
   */
  public static RosBag open(String name, SeekableByteChannel channel, Limits limits)
      throws IOException {
    try {
      BagRecords records = new BagRecords(new BagSource(name, channel), limits);
      return new RosBag(records, BagCatalog.read(records));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The bag's name as given when opened. */
  public String name() {
    return records.source().name();
  }

  /** Size of the file in bytes. */
  public long sizeBytes() {
    return records.source().size();
  }

  /** Whether the bag has an index (else it was read by a scan of every chunk). */
  public boolean indexed() {
    return catalog.indexed;
  }

  /**
   * Bytes at the end of a bag without index that hold no complete record and were not read: a
   * recording cut off while it wrote its last record (0 for a complete bag). An indexed bag that is
   * cut short is an error instead.
   */
  public long unreadTailBytes() {
    return catalog.unreadTailBytes;
  }

  /** The compressions its chunks use, e.g. {@code [lz4]}; empty when it has no messages. */
  public Set<String> compressions() {
    return java.util.Collections.unmodifiableSet(catalog.compressions);
  }

  /** Its connections in id order, with message counts and times. */
  public List<BagConnection> connections() {
    return List.copyOf(catalog.connections.values());
  }

  /** The topics recorded, sorted. */
  public Set<String> topics() {
    Set<String> topics = new TreeSet<>();
    catalog.connections.values().forEach(connection -> topics.add(connection.topic()));
    return topics;
  }

  /** Messages over all connections. */
  public long messageCount() {
    return catalog.connections.values().stream().mapToLong(BagConnection::messageCount).sum();
  }

  /**
   * The connections of {@code topic} (several when several publishers were recorded).
   *
   * @throws IllegalArgumentException naming the bag and its topics when it has none on the topic
   */
  public List<BagConnection> connections(String topic) {
    List<BagConnection> found = new ArrayList<>();
    for (BagConnection connection : catalog.connections.values()) {
      if (connection.topic().equals(topic)) {
        found.add(connection);
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          name()
              + ": no topic "
              + RecordHeader.quote(topic)
              + ", expected one of "
              + RecordHeader.quote(String.join(", ", topics())));
    }
    return found;
  }

  /**
   * The messages of {@code topics} in receive-time order.
   *
   * @throws IllegalArgumentException when the bag has no such topic
   */
  public BagMessages messages(Collection<String> topics) {
    Set<Integer> chosen = new HashSet<>();
    for (String topic : topics) {
      connections(topic).forEach(connection -> chosen.add(connection.id()));
    }
    return new BagMessages(records, catalog.connections, chosen, catalog.chunks);
  }

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    records.source().channel().close();
  }
}
