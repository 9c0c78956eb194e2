package dev.foresight.ros;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.tools.RosTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad peers and an unreachable master: each gets a clear error and the node keeps serving. Runs
 * without a ROS master (the master URI points at a closed port).
 */
class RosNodeErrorTest {
  private static final Topic<StringMessage> CHATTER = Topic.of("chatter", StringMessage.TYPE);

  private RosNode node;
  private RosPublisher<StringMessage> publisher;
  private URI deadMaster;

  @BeforeEach
  void start() throws Exception {
    deadMaster = URI.create("http://127.0.0.1:" + RosTools.freePort() + "/");
    node =
        RosNode.start(
            RosNodeSettings.of(deadMaster, "lonely", "127.0.0.1")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200)));
    publisher = node.advertise(CHATTER, true, 4);
    publisher.publish(new StringMessage("latched hello"));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void unreachableMasterIsAClearErrorAndTheNodeKeepsRunning() throws Exception {
    assertThat(publisher.isRegistered()).isFalse();
    assertThat(node.lastMasterError())
        .hasValueSatisfying(
            error ->
                assertThat(error)
                    .contains("cannot advertise /chatter")
                    .contains("ROS master at " + deadMaster + " unreachable"));
    // The slave API still answers.
    Object answer = node.xmlRpcClient().callAndWait(node.slaveUri(), "getPid", List.of("/test"));
    assertThat(answer).isEqualTo(List.of(1, "", (int) ProcessHandle.current().pid()));
    // And subscribers can still connect directly.
    assertThat(readLatched()).isEqualTo("latched hello");
  }

  @Test
  void wrongMd5GetsAnErrorHeaderAndOthersAreStillServed() throws Exception {
    try (RawTcpRos peer = new RawTcpRos(node.tcpRosPort())) {
      peer.write(RawTcpRos.header(subscriberHeader("0123456789abcdef0123456789abcdef")));
      Map<String, String> answer = RawTcpRos.parseHeader(peer.readFrame());
      assertThat(answer.get("error"))
          .contains("md5sum mismatch on /chatter")
          .contains("0123456789abcdef0123456789abcdef")
          .contains(StringMessage.TYPE.md5());
      assertThat(peer.closedByPeer()).isTrue();
    }
    assertThat(node.refusedConnectionCount()).isEqualTo(1);
    assertThat(readLatched()).isEqualTo("latched hello");
  }

  @Test
  void malformedHeaderGetsAnErrorHeaderAndOthersAreStillServed() throws Exception {
    try (RawTcpRos peer = new RawTcpRos(node.tcpRosPort())) {
      // Total length 8, then a field claiming 1000 bytes.
      peer.write(new byte[] {8, 0, 0, 0, (byte) 0xe8, 3, 0, 0, 'a', '=', 'b', 'c'});
      Map<String, String> answer = RawTcpRos.parseHeader(peer.readFrame());
      assertThat(answer.get("error")).contains("malformed connection header");
      assertThat(peer.closedByPeer()).isTrue();
    }
    try (RawTcpRos peer = new RawTcpRos(node.tcpRosPort())) {
      // A header announcing 100 MB.
      peer.write(new byte[] {0, (byte) 0xe1, (byte) 0xf5, 5});
      Map<String, String> answer = RawTcpRos.parseHeader(peer.readFrame());
      assertThat(answer.get("error")).contains("connection header larger than");
    }
    try (RawTcpRos peer = new RawTcpRos(node.tcpRosPort())) {
      peer.write(RawTcpRos.header(Map.of("topic", "/nobody", "md5sum", "*")));
      assertThat(RawTcpRos.parseHeader(peer.readFrame()).get("error"))
          .contains("does not publish '/nobody'");
    }
    assertThat(readLatched()).isEqualTo("latched hello");
  }

  @Test
  void garbageXmlRpcGetsAFaultAndTheSlaveApiKeepsServing() throws Exception {
    String answer;
    try (Socket socket = new Socket("127.0.0.1", node.slaveUri().getPort())) {
      socket.setSoTimeout(5000);
      byte[] body =
          "<methodCall><methodName>getPid</methodName><params><param>"
              .getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.0\r\nContent-Length: " + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      InputStream in = socket.getInputStream();
      answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(answer).contains("<fault>").contains("not well-formed");
    assertThat(node.xmlRpcFaultCount()).isEqualTo(1);
    // Wrong parameter types get a ROS error code, unknown methods a fault.
    assertThat(
            node.xmlRpcClient()
                .callAndWait(node.slaveUri(), "requestTopic", List.of("/x", 5, List.of())))
        .asList()
        .first()
        .isEqualTo(-1);
    assertThat(
            node.xmlRpcClient()
                .callAndWait(
                    node.slaveUri(),
                    "requestTopic",
                    List.of("/x", "/chatter", List.of(List.of("TCPROS")))))
        .isEqualTo(
            List.of(
                1,
                "ready on 127.0.0.1:" + node.tcpRosPort(),
                List.of("TCPROS", "127.0.0.1", node.tcpRosPort())));
  }

  @Test
  void slowSubscriberDropsOldestWithoutStallingOthers() throws Exception {
    RosPublisher<StringMessage> fast =
        node.advertise(Topic.of("burst", StringMessage.TYPE), false, 2);
    Map<String, String> header = subscriberHeader(StringMessage.TYPE.md5());
    header.put("topic", "/burst");
    try (RawTcpRos slow = new RawTcpRos(node.tcpRosPort());
        RawTcpRos quick = new RawTcpRos(node.tcpRosPort())) {
      slow.write(RawTcpRos.header(header));
      quick.write(RawTcpRos.header(header));
      assertThat(RawTcpRos.parseHeader(slow.readFrame())).doesNotContainKey("error");
      assertThat(RawTcpRos.parseHeader(quick.readFrame())).doesNotContainKey("error");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (fast.subscriberCount() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // The slow peer never reads; 3000 x 10 kB overflows its socket buffers and its queue. A
      // reader thread keeps the quick peer drained (it may still lose a few to drop-oldest when
      // this machine is busy, but never the newest message).
      String big = "x".repeat(10_000);
      String lastMessage = big + 2999;
      java.util.concurrent.BlockingQueue<String> quickFrames =
          new java.util.concurrent.LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (true) {
                    byte[] frame = quick.readFrame();
                    String text = new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
                    quickFrames.add(text);
                    if (text.equals(lastMessage)) {
                      return;
                    }
                  }
                } catch (IOException e) {
                  // Closed or timed out: the assertions below report what arrived.
                }
              },
              "quick-subscriber");
      reader.start();
      for (int i = 0; i < 3000; i++) {
        fast.publish(new StringMessage(big + i));
      }
      reader.join(30_000);
      assertThat(quickFrames)
          .as("the quick subscriber got the newest message")
          .contains(lastMessage);
      assertThat(quickFrames.size()).isGreaterThan(100);
      assertThat(fast.droppedCount()).isPositive();
    }
  }

  private Map<String, String> subscriberHeader(String md5) {
    Map<String, String> header = new LinkedHashMap<>();
    header.put("callerid", "/raw");
    header.put("md5sum", md5);
    header.put("topic", "/chatter");
    header.put("type", "std_msgs/String");
    header.put("tcp_nodelay", "1");
    return header;
  }

  private String readLatched() throws IOException {
    try (RawTcpRos peer = new RawTcpRos(node.tcpRosPort())) {
      peer.write(RawTcpRos.header(subscriberHeader("*")));
      Map<String, String> answer = RawTcpRos.parseHeader(peer.readFrame());
      assertThat(answer)
          .containsEntry("latching", "1")
          .containsEntry("type", "std_msgs/String")
          .containsEntry("md5sum", StringMessage.TYPE.md5());
      byte[] frame = peer.readFrame();
      return new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
    }
  }
}
