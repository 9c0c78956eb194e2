package dev.foresight.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader never sees half of one and a power cut loses nothing that was
 * reported written: the content goes to a hidden temporary file in the same directory, which is
 * synced to the disk, renamed over the target in one step, and then the directory (which holds the
 * rename) is synced too. A crash leaves either the old file or the new one, never a truncated one.
 */
public final class AtomicFiles {
  private static final int BUFFER_BYTES = 64 * 1024;

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Content {
    /**
     * @param out the temporary file's stream, buffered; closing it only flushes it ({@link
     *     AtomicFiles} syncs and closes the file)
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /** How written data is made durable; replaced in tests to observe the order of the steps. */
  interface Durability {
    /** Syncs the temporary file's content to the disk, before the rename. */
    void syncFile(FileChannel file) throws IOException;

    /** Syncs the directory entry of the renamed file, after the rename. */
    void syncDirectory(Path directory);
  }

  /** {@code fsync} of the file, and of the directory where the file system allows it. */
  static final Durability FSYNC =
      new Durability() {
        @Override
        public void syncFile(FileChannel file) throws IOException {
          file.force(true);
        }

        @Override
        public void syncDirectory(Path directory) {
          try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
          } catch (IOException e) {
            // Some file systems (and Windows) cannot open or sync a directory; the rename is done
            // and the file's own content is already on the disk.
          }
        }
      };

  private AtomicFiles() {}

  /**
   * Writes {@code file} atomically and durably, creating its directory if needed. The file gets
   * ordinary permissions ({@code rw-r--r--}), not the owner-only ones of a temporary file.
   */
  public static void write(Path file, Content content) throws IOException {
    write(file, content, FSYNC);
  }

  static void write(Path file, Content content, Durability durability) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        FlushOnClose out =
            new FlushOnClose(
                new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES));
        content.writeTo(out);
        out.flush();
        durability.syncFile(channel);
      }
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      durability.syncDirectory(parent);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes a UTF-8 text file atomically. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes bytes to a file atomically. */
  public static void writeBytes(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes));
  }

  /**
   * The content's stream: writers that close their stream when done (Jackson, ImageIO) only flush
   * it, so the file can still be synced before it is closed.
   */
  private static final class FlushOnClose extends OutputStream {
    private final OutputStream out;

    FlushOnClose(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
