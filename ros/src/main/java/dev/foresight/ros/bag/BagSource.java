package dev.foresight.ros.bag;

import dev.foresight.core.io.InvalidFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** Positioned, bounded reads from a bag's bytes; a short read is an error naming the offset. */
final class BagSource {
  private final String name;
  private final SeekableByteChannel channel;
  private final long size;

  BagSource(String name, SeekableByteChannel channel) throws IOException {
    this.name = name;
    this.channel = channel;
    this.size = channel.size();
  }

  String name() {
    return name;
  }

  long size() {
    return size;
  }

  SeekableByteChannel channel() {
    return channel;
  }

  /**
   * Reads {@code length} bytes at {@code position}.
   *
   * @param what what the bytes are, for the error message
   * @throws InvalidFileException when the file ends first
   */
  byte[] read(long position, long length, String what) throws IOException {
    if (length < 0 || position < 0 || position > size || length > size - position) {
      throw new InvalidFileException(
          name,
          what + " at byte " + position + " needs " + length + " bytes but the file is " + size,
          "a complete record (is the bag truncated?)");
    }
    byte[] bytes = new byte[(int) length];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long at = position;
    while (buffer.hasRemaining()) {
      channel.position(at);
      int read = channel.read(buffer);
      if (read < 0) {
        throw new InvalidFileException(
            name,
            "ends at byte " + at + " inside " + what + " at byte " + position,
            size + " bytes");
      }
      at += read;
    }
    return bytes;
  }
}
