package dev.foresight.ros;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/** Measurements and raw peers for the abuse tests: file descriptors, heap, logs, raw sockets. */
final class Probes {
  private Probes() {}

  /** File descriptors this process holds now (sockets included). */
  static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** Heap in use after full collections, bytes. */
  static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Opens {@code count} plain connections that send nothing (non-blocking, to poll for EOF). */
  static List<SocketChannel> openSilent(int port, int count) throws IOException {
    List<SocketChannel> channels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      channel.configureBlocking(false);
      channels.add(channel);
    }
    return channels;
  }

  /** Whether the server closed this connection (end of stream or reset); drains what it sent. */
  static boolean closedByServer(SocketChannel channel) {
    ByteBuffer scratch = ByteBuffer.allocate(4096);
    try {
      int read;
      while ((read = channel.read(scratch)) > 0) {
        scratch.clear();
      }
      return read < 0;
    } catch (IOException reset) {
      return true;
    }
  }

  static void closeAll(List<? extends AutoCloseable> closeables) {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /**
   * A slow-loris: a connection that sends {@code prefix}, then one byte of {@code filler} every
   * {@code intervalMillis}, never finishing; records when the server closed it.
   */
  static final class SlowLoris implements AutoCloseable {
    final Socket socket;
    final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile long closedAfterNanos = -1;
    private volatile int bytesSent;

    SlowLoris(int port, byte[] prefix, byte filler, long intervalMillis) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) Math.max(1, intervalMillis));
      thread =
          new Thread(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  InputStream in = socket.getInputStream();
                  out.write(prefix);
                  out.flush();
                  bytesSent += prefix.length;
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      // Reads what the server answers (an error header, a 408) until it closes.
                      while (in.read(new byte[4096]) >= 0) {
                        // drain
                      }
                      break;
                    } catch (java.net.SocketTimeoutException tick) {
                      out.write(filler);
                      out.flush();
                      bytesSent++;
                    }
                  }
                } catch (IOException closed) {
                  // reset or broken pipe: the server closed it
                }
                if (!socket.isClosed()) {
                  closedAfterNanos = System.nanoTime() - startNanos;
                }
              },
              "slow-loris");
      thread.setDaemon(true);
      thread.start();
    }

    /** Seconds from connecting until the server closed the connection, or -1 while it is open. */
    double closedAfterSeconds() {
      long nanos = closedAfterNanos;
      return nanos < 0 ? -1 : nanos / 1e9;
    }

    int bytesSent() {
      return bytesSent;
    }

    @Override
    public void close() throws IOException {
      thread.interrupt();
      socket.close();
    }
  }

  /** A blocking HTTP/1.1 client on one kept-alive connection, for floods. */
  static final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    static byte[] post(String body, boolean keepAlive) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      byte[] head =
          ("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: "
                  + bytes.length
                  + (keepAlive ? "" : "\r\nConnection: close")
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[head.length + bytes.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(bytes, 0, request, head.length, bytes.length);
      return request;
    }

    static String call(String method, String... stringParams) {
      StringBuilder xml =
          new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
              .append(method)
              .append("</methodName><params>");
      for (String param : stringParams) {
        xml.append("<param><value><string>").append(param).append("</string></value></param>");
      }
      return xml.append("</params></methodCall>").toString();
    }

    void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Reads one response: its status code and body; null at end of stream. */
    String[] readResponse() throws IOException {
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        head.append((char) c);
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          break;
        }
      }
      if (c < 0) {
        return null;
      }
      int length = 0;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      return new String[] {head.substring(9, 12), new String(body, StandardCharsets.UTF_8)};
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Collects every log line written while open (formatted message only). */
  static final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogCapture() {
      setContext(root.getLoggerContext());
      start();
      root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getFormattedMessage());
    }

    int longestLine() {
      return lines.stream().mapToInt(String::length).max().orElse(0);
    }

    long totalChars() {
      return lines.stream().mapToLong(String::length).sum();
    }

    @Override
    public void close() {
      root.detachAppender(this);
      stop();
    }
  }
}
