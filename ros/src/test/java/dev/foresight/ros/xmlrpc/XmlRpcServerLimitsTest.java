package dev.foresight.ros.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What clients may cost an XML-RPC server while its handler is busy: the bytes of requests it holds
 * stay within its budget (beyond it a request is answered 503 at once) and a client that pipelines
 * requests cannot fill the handler's queue.
 */
class XmlRpcServerLimitsTest {
  private static final int MAX_REQUEST_BYTES = 1 << 20;
  private static final long MAX_HELD_BYTES = 4L << 20;

  private EventLoopGroup group;
  private XmlRpcServer server;
  private XmlRpcClient client;
  private URI uri;
  private final CountDownLatch blocked = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger echoes = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    server =
        XmlRpcServer.start(
            group,
            "127.0.0.1",
            0,
            new XmlRpcServer.Limits(MAX_REQUEST_BYTES, 256, MAX_HELD_BYTES, Duration.ofSeconds(10)),
            (method, params) -> {
              if (method.equals("block")) {
                blocked.countDown();
                try {
                  release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return "released";
              }
              if (!params.equals(List.of("authorised"))) {
                echoes.incrementAndGet();
              }
              return params;
            });
    client = new XmlRpcClient(group, Duration.ofSeconds(5), 1 << 20);
    uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void requestBytesHeldStayWithinTheBudgetWhileTheHandlerIsBusy() throws Exception {
    CompletableFuture<Object> blocker = client.call(uri, "block", List.of());
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    long heapBefore = usedHeapAfterGc();
    byte[] request = post(call("echo", "y".repeat(900 << 10)), false);
    ExecutorService clients = Executors.newFixedThreadPool(60);
    List<Future<String>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 60; i++) {
        outcomes.add(clients.submit(() -> sendAndWait(request, 3000)));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get(30, TimeUnit.SECONDS));
      }
      long heapDuring = usedHeapAfterGc();
      long answeredAtOnce = results.stream().filter(r -> !r.equals("waiting")).count();
      System.out.printf(
          "60 requests of 900 KiB while the handler is busy: %d answered at once (%d with 503),"
              + " %d held; heap after GC %+.1f MiB; held bytes peak %d (budget %d)%n",
          answeredAtOnce,
          results.stream().filter(r -> r.equals("503")).count(),
          60 - answeredAtOnce,
          (heapDuring - heapBefore) / 1048576.0,
          server.peakHeldBytes(),
          MAX_HELD_BYTES);
      assertThat(answeredAtOnce).as("requests refused at once, of 60").isGreaterThanOrEqualTo(50);
      assertThat(heapDuring - heapBefore).isLessThan(16L << 20);
      assertThat(server.peakHeldBytes()).isLessThanOrEqualTo(MAX_HELD_BYTES);
    } finally {
      clients.shutdownNow();
    }
    release.countDown();
    assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo("released");
    assertThat(client.callAndWait(uri, "echo", List.of("authorised")))
        .isEqualTo(List.of("authorised"));
    // Bytes are held until the answer is written; the client may read it a moment before the
    // server's write completes.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.heldBytes() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.heldBytes()).isZero();
  }

  @Test
  void aPipeliningClientCannotFillTheQueue() throws Exception {
    CompletableFuture<Object> blocker = client.call(uri, "block", List.of());
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    byte[] one = post(call("echo", "pipelined"), true);
    byte[] many = new byte[one.length * 300];
    for (int i = 0; i < 300; i++) {
      System.arraycopy(one, 0, many, i * one.length, one.length);
    }
    try (Socket pipeliner = new Socket("127.0.0.1", uri.getPort())) {
      pipeliner.setSoTimeout(10_000);
      pipeliner.getOutputStream().write(many);
      pipeliner.getOutputStream().flush();
      Thread.sleep(300);
      CompletableFuture<Object> authorised = client.call(uri, "echo", List.of("authorised"));
      Thread.sleep(300);
      assertThat(authorised)
          .as("the authorised call waits its turn instead of being turned away")
          .isNotCompletedExceptionally();
      release.countDown();
      assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo("released");
      assertThat(authorised.get(5, TimeUnit.SECONDS)).isEqualTo(List.of("authorised"));
      String answers =
          new String(pipeliner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int answered = answers.split("HTTP/1.1 200", -1).length - 1;
      System.out.printf(
          "300 pipelined requests on one connection while the handler is busy: %d run, %d"
              + " answered, then the connection was closed%n",
          echoes.get(), answered);
      assertThat(echoes.get()).isLessThanOrEqualTo(1);
      assertThat(answered).isLessThanOrEqualTo(1);
    }
  }

  private String sendAndWait(byte[] request, int waitMillis) {
    try (Socket socket = new Socket("127.0.0.1", uri.getPort())) {
      socket.setSoTimeout(waitMillis);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException reset) {
        return "closed";
      }
      InputStream in = socket.getInputStream();
      byte[] status = in.readNBytes(12);
      if (status.length < 12) {
        return "closed";
      }
      return new String(status, 9, 3, StandardCharsets.US_ASCII);
    } catch (SocketTimeoutException stillWaiting) {
      return "waiting";
    } catch (IOException reset) {
      return "closed";
    }
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

  static String call(String method, String param) {
    return "<?xml version=\"1.0\"?><methodCall><methodName>"
        + method
        + "</methodName><params><param><value><string>"
        + param
        + "</string></value></param></params></methodCall>";
  }

  static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
