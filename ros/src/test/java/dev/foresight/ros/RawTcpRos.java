package dev.foresight.ros;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A blocking TCPROS peer for tests: writes raw bytes and reads frames. */
final class RawTcpRos implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;

  RawTcpRos(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
  }

  static byte[] header(Map<String, String> fields) {
    int size = 4;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      size += 4 + (field.getKey() + "=" + field.getValue()).getBytes(StandardCharsets.UTF_8).length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(0);
    for (Map.Entry<String, String> field : fields.entrySet()) {
      byte[] bytes = (field.getKey() + "=" + field.getValue()).getBytes(StandardCharsets.UTF_8);
      buffer.putInt(bytes.length).put(bytes);
    }
    buffer.putInt(0, buffer.position() - 4);
    byte[] out = new byte[buffer.position()];
    buffer.flip().get(out);
    return out;
  }

  void write(byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** Reads one length-prefixed frame; null at end of stream. */
  byte[] readFrame() throws IOException {
    byte[] lengthBytes = new byte[4];
    try {
      in.readFully(lengthBytes);
    } catch (java.io.EOFException e) {
      return null;
    }
    int length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] frame = new byte[length];
    in.readFully(frame);
    return frame;
  }

  static Map<String, String> parseHeader(byte[] frame) {
    Map<String, String> fields = new LinkedHashMap<>();
    ByteBuffer buffer = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      byte[] field = new byte[buffer.getInt()];
      buffer.get(field);
      String text = new String(field, StandardCharsets.UTF_8);
      int equals = text.indexOf('=');
      fields.put(text.substring(0, equals), text.substring(equals + 1));
    }
    return fields;
  }

  boolean closedByPeer() throws IOException {
    return in.read() < 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
