package dev.foresight.view;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A browser's socket for tests: the JDK's WebSocket client, collecting what the view sends. */
final class BrowserSocket implements AutoCloseable {
  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> pictures = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  BrowserSocket(LiveView view, String query) throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + view.address().getPort() + "/socket" + query);
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, new Collector())
            .get(5, TimeUnit.SECONDS);
  }

  /** The next text message whose JSON type is {@code type}, or null after {@code seconds}. */
  String next(String type, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline) {
      String text = texts.poll(50, TimeUnit.MILLISECONDS);
      if (text != null && text.startsWith("{\"t\":\"" + type + "\"")) {
        return text;
      }
    }
    return null;
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        texts.add(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        pictures.add(binary.toByteArray());
        binary = new java.io.ByteArrayOutputStream();
      }
      webSocket.request(1);
      return null;
    }
  }
}
