package dev.foresight.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.core.Image;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A browser that stops reading does not grow the view's memory: its updates are dropped, the bytes
 * waiting for its socket stay under the write buffer's mark plus one update, and the loop's ticks
 * and the other browsers go on.
 */
class SlowBrowserTest {
  private static final int TICKS = 3000;

  @Test
  void aBrowserThatStopsReadingHoldsABoundedBufferAndOthersKeepGettingUpdates() throws Exception {
    Ticks ticks = new Ticks(320, 240);
    Image[] frames = new Image[8];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = ticks.frame();
    }
    int frameBytes = frames[0].pixels().length;
    try (LiveView view = LiveView.start(new ViewOptions("127.0.0.1", 0, "", 60));
        Socket stalled = new Socket()) {
      // The stalled browser: handshake, then never read again; a small receive buffer so the
      // kernel cannot hide the backlog.
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", view.address().getPort()), 5000);
      handshake(stalled);
      try (BrowserSocket reader = new BrowserSocket(view, "")) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (view.clientCount() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertThat(view.clientCount()).isEqualTo(2);

        long maxPending = 0;
        long tickNanos = 0;
        for (int step = 1; step <= TICKS; step++) {
          long start = System.nanoTime();
          ticks.tick(view.listener(), step, frames[step % frames.length]);
          tickNanos = Math.max(tickNanos, System.nanoTime() - start);
          // About a kilohertz loop: the publisher encodes many updates while it runs.
          Thread.sleep(1);
          if (step % 10 == 0) {
            maxPending = Math.max(maxPending, view.pendingBytes());
          }
        }
        String last = null;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline
            && (last == null || !last.contains("\"step\":" + TICKS + ","))) {
          last = reader.next("state", 1);
        }

        System.out.printf(
            "slow browser: %d ticks of %d-byte frames offered, %d updates dropped, at most %d bytes"
                + " pending (bound %d)%n",
            TICKS, frameBytes, view.droppedUpdates(), maxPending, boundBytes(frameBytes));
        long bound = boundBytes(frameBytes);
        assertThat(maxPending).as("bytes waiting for the stalled browser").isLessThan(bound);
        assertThat(view.droppedUpdates()).as("updates dropped, not queued").isPositive();
        assertThat(last).as("the reading browser saw the last tick").isNotNull();
        assertThat(TICKS * (long) frameBytes)
            .as("the test offered far more than the bound")
            .isGreaterThan(20 * bound);
      }
    }
  }

  /**
   * Per browser: the write buffer's high mark plus one update written while just under it (a noise
   * PNG about the raw frame size, the goal's, the state text); two browsers are connected.
   */
  private static long boundBytes(int frameBytes) {
    return 2 * (LiveView.WRITE_BUFFER_HIGH_BYTES + 2L * frameBytes + 64 * 1024);
  }

  private static void handshake(Socket socket) throws Exception {
    OutputStream out = socket.getOutputStream();
    int port = socket.getPort();
    out.write(
        ("GET /socket HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
  }
}
