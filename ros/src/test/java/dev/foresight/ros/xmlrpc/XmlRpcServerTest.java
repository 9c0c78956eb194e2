package dev.foresight.ros.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XmlRpcServerTest {
  private EventLoopGroup group;
  private XmlRpcServer server;
  private XmlRpcClient client;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    server =
        XmlRpcServer.start(
            group,
            "127.0.0.1",
            0,
            64 * 1024,
            (method, params) -> {
              if (method.equals("echo")) {
                return params;
              }
              throw new XmlRpcFault(XmlRpcFault.METHOD_NOT_FOUND, "no method " + method);
            });
    client = new XmlRpcClient(group, Duration.ofSeconds(5), 1 << 20);
    uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    server.close();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void echoesOverRealSockets() throws Exception {
    assertThat(client.callAndWait(uri, "echo", List.of("a", 1, List.of(true))))
        .isEqualTo(List.of("a", 1, List.of(true)));
  }

  @Test
  void unknownMethodIsAFault() {
    assertThatThrownBy(() -> client.callAndWait(uri, "nope", List.of()))
        .isInstanceOf(XmlRpcFault.class)
        .hasMessageContaining("no method nope");
  }

  @Test
  void garbageGetsAFaultAndTheServerKeepsServing() throws Exception {
    String answer = rawPost("this is not XML-RPC <<<");
    assertThat(answer).startsWith("HTTP/1.1 200").contains("<fault>").contains("not well-formed");
    assertThat(server.faultCount()).isEqualTo(1);
    assertThat(client.callAndWait(uri, "echo", List.of("still here")))
        .isEqualTo(List.of("still here"));
  }

  @Test
  void oversizedRequestIsRefusedAndTheServerKeepsServing() throws Exception {
    String answer = rawPost("x".repeat(100 * 1024));
    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(client.callAndWait(uri, "echo", List.of(7))).isEqualTo(List.of(7));
  }

  @Test
  void unreachableServerIsAClearError() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + closedPort + "/");
    assertThatThrownBy(() -> client.callAndWait(closed, "echo", List.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot reach XML-RPC server " + closed);
  }

  private String rawPost(String body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", uri.getPort())) {
      socket.setSoTimeout(5000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: "
                  + bytes.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException closedEarly) {
        // The server may answer 413 and close before reading the whole body.
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
