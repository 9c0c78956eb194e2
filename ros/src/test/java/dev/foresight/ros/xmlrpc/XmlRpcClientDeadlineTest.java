package dev.foresight.ros.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The XML-RPC client's deadline covers the whole call, however slowly the answer trickles in. */
class XmlRpcClientDeadlineTest {
  private EventLoopGroup group;
  private ServerSocket slowServer;
  private final AtomicLong closedAfterNanos = new AtomicLong(-1);

  @BeforeEach
  void start() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    slowServer = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
              try (Socket socket = slowServer.accept()) {
                long start = System.nanoTime();
                socket.getInputStream().read(new byte[8192]);
                OutputStream out = socket.getOutputStream();
                try {
                  out.write(
                      "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<"
                          .getBytes(StandardCharsets.US_ASCII));
                  for (int i = 0; i < 200; i++) {
                    Thread.sleep(100);
                    out.write(' '); // one byte every 100 ms: never an idle gap
                    out.flush();
                  }
                } catch (IOException closedByClient) {
                  closedAfterNanos.set(System.nanoTime() - start);
                }
              } catch (IOException | InterruptedException e) {
                // test over
              }
            },
            "trickling-server");
    thread.setDaemon(true);
    thread.start();
  }

  @AfterEach
  void stop() throws IOException {
    slowServer.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aServerTricklingItsAnswerIsCutOffAtTheCallsDeadline() throws Exception {
    XmlRpcClient client = new XmlRpcClient(group, Duration.ofSeconds(1), 1 << 20);
    URI uri = URI.create("http://127.0.0.1:" + slowServer.getLocalPort() + "/");
    long start = System.nanoTime();
    CompletableFuture<Object> call = client.call(uri, "getPid", List.of("/caller"));
    assertThatThrownBy(() -> call.get(4, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete answer from " + uri + " to getPid within 1000 ms");
    double failedAfter = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (closedAfterNanos.get() < 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    System.out.printf(
        "XML-RPC answer trickled at 1 byte/100 ms: call failed after %.2f s (deadline 1 s),"
            + " connection closed after %.2f s%n",
        failedAfter, closedAfterNanos.get() / 1e9);
    assertThat(failedAfter).isLessThan(3.0);
    assertThat(closedAfterNanos.get())
        .as("the client closed its connection")
        .isPositive()
        .isLessThan(TimeUnit.SECONDS.toNanos(3));
  }
}
