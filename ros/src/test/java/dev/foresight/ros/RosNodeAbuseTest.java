package dev.foresight.ros;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.ros.Peers.FakePublisher;
import dev.foresight.ros.Peers.HungPeer;
import dev.foresight.ros.Probes.LogCapture;
import dev.foresight.ros.Probes.RawHttp;
import dev.foresight.ros.Probes.SlowLoris;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.ros.xmlrpc.XmlRpcClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile peers against a real node on loopback (no master: its URI points at a closed port): slow
 * and silent clients that never finish a handshake, a thousand connections per port, request
 * floods, {@code publisherUpdate}, {@code paramUpdate} and {@code shutdown} abuse. Each test checks
 * that an authorised client (another XML-RPC caller, a subscriber, a publisher) keeps being served
 * within its deadline while the abuse runs, and that what the node holds stays bounded. Figures are
 * printed for the record.
 */
class RosNodeAbuseTest {
  private static final Duration DEADLINE = Duration.ofSeconds(1);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  private static final double CLOSE_MARGIN_SECONDS = 2.5;
  private static final int MAX_CONNECTIONS = 128;
  private static final long MAX_HELD_BYTES = 8L << 20;
  private static final Topic<StringMessage> CHATTER = Topic.of("chatter", StringMessage.TYPE);
  private static final Topic<StringMessage> STREAM = Topic.of("stream", StringMessage.TYPE);

  private RosNode node;
  private RosPublisher<StringMessage> chatter;
  private EventLoopGroup clientGroup;
  private XmlRpcClient authorised;
  private ScheduledExecutorService ticker;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    URI deadMaster = URI.create("http://127.0.0.1:" + RosTools.freePort() + "/");
    node = RosNode.start(settings(deadMaster, "victim"));
    chatter = node.advertise(CHATTER, true, 4);
    chatter.publish(new StringMessage("latched hello"));
    RosPublisher<StringMessage> stream = node.advertise(STREAM, false, 10);
    AtomicInteger tick = new AtomicInteger();
    ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(
        () -> stream.publish(new StringMessage("tick " + tick.getAndIncrement())),
        0,
        20,
        TimeUnit.MILLISECONDS);
    clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    authorised = new XmlRpcClient(clientGroup, CALL_TIMEOUT, 1 << 20);
  }

  private static RosNodeSettings settings(URI master, String name) {
    return RosNodeSettings.of(master, name, "127.0.0.1")
        .withTimeouts(CALL_TIMEOUT, Duration.ofMillis(500))
        .withLimits(
            RosNodeSettings.Limits.DEFAULTS
                .withTimeouts(DEADLINE, DEADLINE)
                .withCapacity(MAX_CONNECTIONS, MAX_HELD_BYTES));
  }

  @AfterEach
  void stop() throws Exception {
    Probes.closeAll(toClose);
    ticker.shutdownNow();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
    node.close();
    clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void slowLorisAndSilentClientsOfTheSlaveApiAreClosedAtTheDeadline() throws Exception {
    int port = node.slaveUri().getPort();
    long heapBefore = Probes.usedHeapAfterGc();
    try (AuthorisedCaller caller = new AuthorisedCaller(100)) {
      byte[] start =
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nX-Slow: "
              .getBytes(StandardCharsets.US_ASCII);
      List<SlowLoris> lorises = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        lorises.add(track(new SlowLoris(port, start, (byte) 'a', 200)));
      }
      // Ten more that finish their headers and trickle the body.
      byte[] headers =
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n<"
              .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 10; i++) {
        lorises.add(track(new SlowLoris(port, headers, (byte) 'b', 200)));
      }
      List<SocketChannel> silent = trackAll(Probes.openSilent(port, 20));
      Await.until(
          Duration.ofSeconds(8),
          () ->
              lorises.stream().allMatch(l -> l.closedAfterSeconds() >= 0)
                  && silent.stream().allMatch(Probes::closedByServer),
          () -> "slow clients still open after 8 s: " + stillOpen(lorises));
      double slowest = lorises.stream().mapToDouble(SlowLoris::closedAfterSeconds).max().orElse(0);
      int bytesTrickled = lorises.stream().mapToInt(SlowLoris::bytesSent).max().orElse(0);
      long heapDuring = Probes.usedHeapAfterGc();
      caller.stop();
      System.out.printf(
          "slow XML-RPC clients: 30 slow-loris (1 byte/200 ms, up to %d bytes each) + 20 silent;"
              + " deadline %d ms; all closed, slowest after %.2f s; authorised getPid: %s;"
              + " heap after GC %+.1f MiB; held bytes now %d, peak %d%n",
          bytesTrickled,
          DEADLINE.toMillis(),
          slowest,
          caller.summary(),
          (heapDuring - heapBefore) / 1048576.0,
          node.slaveServer().heldBytes(),
          node.slaveServer().peakHeldBytes());
      assertThat(slowest).isLessThanOrEqualTo(DEADLINE.toMillis() / 1000.0 + CLOSE_MARGIN_SECONDS);
      caller.assertServed();
      assertThat(heapDuring - heapBefore).isLessThan(32L << 20);
      Await.until(
          Duration.ofSeconds(3),
          () -> node.slaveServer().heldBytes() == 0,
          () -> "bytes still held: " + node.slaveServer().heldBytes());
    }
  }

  @Test
  void slowHandshakesOnTcpRosAreClosedAtTheDeadlineWhileQuietStreamsStay() throws Exception {
    int port = node.tcpRosPort();
    try (RawTcpRos quiet = subscribe("/chatter");
        RawTcpRos streaming = subscribe("/stream")) {
      assertThat(new String(quiet.readFrame(), 4, 13, StandardCharsets.UTF_8))
          .isEqualTo("latched hello");
      ByteBuffer declared = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(4096);
      List<SlowLoris> lorises = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        lorises.add(track(new SlowLoris(port, declared.array(), (byte) 'x', 200)));
      }
      List<SocketChannel> silent = trackAll(Probes.openSilent(port, 20));
      AtomicInteger streamed = new AtomicInteger();
      Thread reader = readFrames(streaming, streamed);
      Await.until(
          Duration.ofSeconds(8),
          () ->
              lorises.stream().allMatch(l -> l.closedAfterSeconds() >= 0)
                  && silent.stream().allMatch(Probes::closedByServer),
          () -> "slow handshakes still open after 8 s: " + stillOpen(lorises));
      double slowest = lorises.stream().mapToDouble(SlowLoris::closedAfterSeconds).max().orElse(0);
      int streamedDuringAbuse = streamed.get();
      // The latched subscriber has been quiet for longer than the handshake deadline: still served.
      chatter.publish(new StringMessage("after the abuse"));
      assertThat(new String(quiet.readFrame(), 4, 15, StandardCharsets.UTF_8))
          .isEqualTo("after the abuse");
      reader.interrupt();
      System.out.printf(
          "slow TCPROS handshakes: 30 slow-loris (1 byte/200 ms) + 20 silent; deadline %d ms;"
              + " all closed, slowest after %.2f s; authorised subscriber got %d messages meanwhile;"
              + " quiet latched subscriber still served; refused %d, held bytes now %d, peak %d%n",
          DEADLINE.toMillis(),
          slowest,
          streamedDuringAbuse,
          node.refusedConnectionCount(),
          node.tcpRosServer().heldBytes(),
          node.tcpRosServer().peakHeldBytes());
      assertThat(slowest).isLessThanOrEqualTo(DEADLINE.toMillis() / 1000.0 + CLOSE_MARGIN_SECONDS);
      assertThat(streamedDuringAbuse).isGreaterThan(20);
      // A client sees its connection closed a moment before the server has released its bytes.
      Await.until(
          Duration.ofSeconds(5),
          () -> node.tcpRosServer().heldBytes() == 0,
          () -> "header bytes still held: " + node.tcpRosServer().heldBytes());
    }
  }

  @Test
  void publisherThatTricklesItsHeaderIsDroppedAtTheDeadlineAndRetried() throws Exception {
    ConcurrentLinkedQueue<Double> closedAfter = new ConcurrentLinkedQueue<>();
    FakePublisher trickler =
        track(
            new FakePublisher(
                clientGroup,
                socket -> {
                  long start = System.nanoTime();
                  OutputStream out = socket.getOutputStream();
                  try {
                    out.write(new byte[] {(byte) 0xe8, 3, 0, 0}); // a 1000-byte header, then...
                    while (true) {
                      Thread.sleep(100);
                      out.write('z'); // ...one byte every 100 ms
                      out.flush();
                    }
                  } catch (IOException closed) {
                    closedAfter.add((System.nanoTime() - start) / 1e9);
                  }
                }));
    RosSubscriber<StringMessage> subscriber =
        node.subscribe(Topic.of("trickled", StringMessage.TYPE), message -> {});
    Object answer =
        authorised.callAndWait(
            node.slaveUri(),
            "publisherUpdate",
            List.of("/master", "/trickled", List.of(trickler.slaveUri().toString())));
    assertThat(answer).isEqualTo(List.of(1, "", 0));
    Await.until(
        Duration.ofSeconds(8),
        () -> !closedAfter.isEmpty() && trickler.accepted.get() >= 2,
        () ->
            "trickling publisher: accepted " + trickler.accepted + ", closed after " + closedAfter);
    double first = closedAfter.peek();
    System.out.printf(
        "publisher trickling its header (1 byte/100 ms): dropped after %.2f s (deadline %d ms),"
            + " reconnected %d time(s)%n",
        first, DEADLINE.toMillis(), trickler.accepted.get() - 1);
    assertThat(first).isLessThanOrEqualTo(DEADLINE.toMillis() / 1000.0 + CLOSE_MARGIN_SECONDS);
    assertThat(subscriber.connectedPublisherCount()).isZero();
  }

  @Test
  void publishersDeclaringHugeMessagesCostOnlyWhatTheySend() throws Exception {
    Topic<StringMessage> topic = Topic.of("huge", StringMessage.TYPE);
    AtomicInteger sent = new AtomicInteger();
    List<FakePublisher> fakes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      fakes.add(
          track(
              new FakePublisher(
                  clientGroup,
                  socket -> {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    byte[] length = in.readNBytes(4);
                    in.readNBytes(ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt());
                    Map<String, String> header = new LinkedHashMap<>();
                    header.put("callerid", "/fake");
                    header.put("md5sum", StringMessage.TYPE.md5());
                    header.put("topic", "/huge");
                    header.put("type", StringMessage.TYPE.typeName());
                    OutputStream out = socket.getOutputStream();
                    out.write(RawTcpRos.header(header));
                    // Declares a message of 64 MiB - 1 and sends 4 bytes of it.
                    out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 3, 1, 2, 3, 4});
                    out.flush();
                    sent.incrementAndGet();
                    while (in.read() >= 0) {
                      // hold the connection open
                    }
                  })));
    }
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    RosSubscriber<StringMessage> subscriber =
        node.subscribe(topic, message -> received.add(message.data()));
    URI deadMaster = node.settings().masterUri();
    try (RosNode talker = RosNode.start(settings(deadMaster, "talker"))) {
      RosPublisher<StringMessage> publisher = talker.advertise(topic, false, 10);
      List<String> uris = new ArrayList<>();
      uris.add(talker.slaveUri().toString());
      for (FakePublisher fake : fakes) {
        uris.add(fake.slaveUri().toString());
      }
      long heapBefore = Probes.usedHeapAfterGc();
      assertThat(
              authorised.callAndWait(
                  node.slaveUri(), "publisherUpdate", List.of("/master", "/huge", uris)))
          .isEqualTo(List.of(1, "", 0));
      Await.until(
          Duration.ofSeconds(10),
          () -> sent.get() == 20 && publisher.subscriberCount() == 1,
          () -> "fake publishers served " + sent + ", talker has " + publisher.subscriberCount());
      for (int i = 0; i < 10; i++) {
        publisher.publish(new StringMessage("real " + i));
        Thread.sleep(20);
      }
      Await.until(Duration.ofSeconds(5), () -> received.size() >= 10, () -> "got " + received);
      long heapDuring = Probes.usedHeapAfterGc();
      System.out.printf(
          "20 publishers each declaring a 64 MiB message and sending 4 bytes: heap after GC %+.1f"
              + " MiB; the real publisher's 10 messages all received; %d publisher connections"
              + " up%n",
          (heapDuring - heapBefore) / 1048576.0, subscriber.connectedPublisherCount());
      assertThat(heapDuring - heapBefore).isLessThan(64L << 20);
      assertThat(received).contains("real 9");
    }
  }

  @Test
  void aThousandConnectionsToEachPortLeaveRoomForAuthorisedClients() throws Exception {
    // Default 10 s deadlines here: whatever is closed within this test is closed by the caps.
    RosNodeSettings capped =
        RosNodeSettings.of(node.settings().masterUri(), "capped", "127.0.0.1")
            .withLimits(
                RosNodeSettings.Limits.DEFAULTS.withCapacity(MAX_CONNECTIONS, MAX_HELD_BYTES));
    try (RosNode target = RosNode.start(capped)) {
      RosPublisher<StringMessage> latchedTopic = target.advertise(CHATTER, true, 4);
      latchedTopic.publish(new StringMessage("latched hello"));
      long fdsBefore = Probes.openFileDescriptors();
      long heapBefore = Probes.usedHeapAfterGc();
      long openStart = System.nanoTime();
      List<SocketChannel> xmlRpc = trackAll(Probes.openSilent(target.slaveUri().getPort(), 1000));
      List<SocketChannel> tcpRos = trackAll(Probes.openSilent(target.tcpRosPort(), 1000));
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      long callStart = System.nanoTime();
      Object pid = authorised.callAndWait(target.slaveUri(), "getPid", List.of("/authorised"));
      double callMillis = (System.nanoTime() - callStart) / 1e6;
      long subscribeStart = System.nanoTime();
      String latched;
      try (RawTcpRos subscriber = subscribe(target.tcpRosPort(), "/chatter")) {
        byte[] frame = subscriber.readFrame();
        latched = new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
      }
      double subscribeMillis = (System.nanoTime() - subscribeStart) / 1e6;
      // Our 2000 client ends stay open; the node's ends beyond its caps must go.
      long bound = fdsBefore + 2000 + 2L * MAX_CONNECTIONS + 50;
      Await.until(
          Duration.ofSeconds(5),
          () -> uncheckedFds() <= bound,
          () -> "file descriptors " + uncheckedFds() + ", expected at most " + bound);
      long fdsDuring = Probes.openFileDescriptors();
      long heapDuring = Probes.usedHeapAfterGc();
      long xmlRpcClosed = xmlRpc.stream().filter(Probes::closedByServer).count();
      long tcpRosClosed = tcpRos.stream().filter(Probes::closedByServer).count();
      System.out.printf(
          "1000 silent connections to each port (opened in %.2f s, cap %d, deadlines 10 s):"
              + " authorised getPid in %.1f ms, latched message in %.1f ms; node holds %d XML-RPC"
              + " and %d TCPROS connections (peaks %d, %d), closed %d and %d of the 1000; process"
              + " fds %+d (2000 of them ours); heap after GC %+.1f MiB%n",
          openSeconds,
          MAX_CONNECTIONS,
          callMillis,
          subscribeMillis,
          target.slaveServer().openConnectionCount(),
          target.tcpRosServer().openConnectionCount(),
          target.slaveServer().peakConnectionCount(),
          target.tcpRosServer().peakConnectionCount(),
          xmlRpcClosed,
          tcpRosClosed,
          fdsDuring - fdsBefore,
          (heapDuring - heapBefore) / 1048576.0);
      assertThat(pid).isEqualTo(List.of(1, "", (int) ProcessHandle.current().pid()));
      assertThat(latched).isEqualTo("latched hello");
      assertThat(target.slaveServer().peakConnectionCount()).isLessThanOrEqualTo(MAX_CONNECTIONS);
      assertThat(target.tcpRosServer().peakConnectionCount()).isLessThanOrEqualTo(MAX_CONNECTIONS);
      assertThat(heapDuring - heapBefore).isLessThan(32L << 20);
    }
  }

  @Test
  void aFloodOfXmlRpcRequestsLeavesTheAuthorisedCallerServed() throws Exception {
    int port = node.slaveUri().getPort();
    long heapBefore = Probes.usedHeapAfterGc();
    long floodEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
    AtomicLong answered = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    AtomicLong cutOff = new AtomicLong();
    ExecutorService flooders = Executors.newFixedThreadPool(26);
    List<Future<?>> running = new ArrayList<>();
    try (AuthorisedCaller caller = new AuthorisedCaller(50)) {
      byte[] busInfo = RawHttp.post(RawHttp.call("getBusInfo", "/flood"), true);
      for (int i = 0; i < 16; i++) {
        running.add(
            flooders.submit(
                () -> {
                  while (System.nanoTime() < floodEnd) {
                    try (RawHttp http = new RawHttp(port)) {
                      for (int n = 0; n < 2000 && System.nanoTime() < floodEnd; n++) {
                        http.send(busInfo);
                        String[] response = http.readResponse();
                        if (response == null) {
                          cutOff.incrementAndGet();
                          break;
                        }
                        count(response, answered, unavailable);
                      }
                    } catch (IOException e) {
                      cutOff.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      byte[] getPid = RawHttp.post(RawHttp.call("getPid", "/pipeliner"), true);
      byte[] pipeline = new byte[getPid.length * 2000];
      for (int n = 0; n < 2000; n++) {
        System.arraycopy(getPid, 0, pipeline, n * getPid.length, getPid.length);
      }
      for (int i = 0; i < 4; i++) {
        running.add(
            flooders.submit(
                () -> {
                  while (System.nanoTime() < floodEnd) {
                    try (RawHttp http = new RawHttp(port)) {
                      http.send(pipeline);
                      String[] response;
                      while ((response = http.readResponse()) != null) {
                        count(response, answered, unavailable);
                      }
                      cutOff.incrementAndGet();
                    } catch (IOException e) {
                      cutOff.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      byte[] big = RawHttp.post(RawHttp.call("getPid", "x".repeat(3 << 20)), false);
      for (int i = 0; i < 6; i++) {
        running.add(
            flooders.submit(
                () -> {
                  while (System.nanoTime() < floodEnd) {
                    try (RawHttp http = new RawHttp(port)) {
                      http.send(big);
                      String[] response = http.readResponse();
                      if (response == null) {
                        cutOff.incrementAndGet();
                      } else {
                        count(response, answered, unavailable);
                      }
                    } catch (IOException e) {
                      cutOff.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : running) {
        future.get(30, TimeUnit.SECONDS);
      }
      caller.stop();
      long heapAfter = Probes.usedHeapAfterGc();
      System.out.printf(
          "XML-RPC flood for 2.5 s (16 kept-alive getBusInfo loops, 4 connections pipelining 2000"
              + " getPid each, 6 loops of 3 MiB requests): %d answered, %d answered 503, %d"
              + " connections cut off; authorised getPid: %s; held bytes peak %d (budget %d);"
              + " peak connections %d; heap after GC %+.1f MiB%n",
          answered.get(),
          unavailable.get(),
          cutOff.get(),
          caller.summary(),
          node.slaveServer().peakHeldBytes(),
          MAX_HELD_BYTES,
          node.slaveServer().peakConnectionCount(),
          (heapAfter - heapBefore) / 1048576.0);
      caller.assertServed();
      assertThat(answered.get()).isGreaterThan(200);
      assertThat(node.slaveServer().peakHeldBytes()).isLessThanOrEqualTo(MAX_HELD_BYTES);
      assertThat(heapAfter - heapBefore).isLessThan(32L << 20);
    } finally {
      flooders.shutdownNow();
      flooders.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void publisherUpdateAbuseIsRefusedClearlyAndOutgoingConnectionsStayBounded() throws Exception {
    Topic<StringMessage> topic = Topic.of("abused", StringMessage.TYPE);
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    RosSubscriber<StringMessage> subscriber =
        node.subscribe(topic, message -> received.add(message.data()));
    URI deadMaster = node.settings().masterUri();
    try (RosNode talker = RosNode.start(settings(deadMaster, "talker"));
        HungPeer hung = new HungPeer();
        LogCapture logs = new LogCapture()) {
      RosPublisher<StringMessage> publisher = talker.advertise(topic, false, 10);
      AtomicInteger tick = new AtomicInteger();
      ticker.scheduleAtFixedRate(
          () -> publisher.publish(new StringMessage("real " + tick.getAndIncrement())),
          0,
          20,
          TimeUnit.MILLISECONDS);
      String talkerUri = talker.slaveUri().toString();
      assertThat(update(List.of(talkerUri))).isEqualTo(List.of(1, "", 0));
      Await.until(Duration.ofSeconds(5), () -> received.size() >= 3, () -> "got " + received);

      // A huge list is refused as a whole, naming the count and the limit.
      int closedPort = RosTools.freePort();
      List<String> huge = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        huge.add("http://127.1." + (i / 250) + "." + (1 + i % 250) + ":" + closedPort + "/");
      }
      List<?> hugeAnswer = update(huge);
      assertThat(hugeAnswer.get(0)).isEqualTo(-1);
      assertThat((String) hugeAnswer.get(1))
          .isEqualTo(
              "publisherUpdate: 10000 publishers listed for '/abused', expected at most 100");

      // Bad URIs: refused naming the value (quoted, shortened) and what was expected.
      String longHost = "h".repeat(100_000);
      for (Object bad :
          List.of(
              "ftp://127.0.0.1:1/",
              "http://127.0.0.1:0/",
              "http://127.0.0.1:70000/",
              "http://127.0.0.1/",
              "not a uri at all",
              "http://127.0.0.1:1/RPC2?x=1",
              "http://" + longHost + ":1/",
              42)) {
        List<Object> list = new ArrayList<>(List.of(talkerUri));
        list.add(bad);
        List<?> answer = update(list);
        String message = (String) answer.get(1);
        assertThat(answer.get(0)).as("answer to %s", message).isEqualTo(-1);
        assertThat(message)
            .contains("is not http://HOST:PORT/ with a port in 1..65535")
            .contains(
                "'" + String.valueOf(bad).substring(0, Math.min(20, String.valueOf(bad).length())))
            .hasSizeLessThan(300);
      }

      // Unreachable publishers that accept and never answer: a flood of updates, each naming 99
      // new ones, never leaves more than a bounded number of connections open to them.
      int hungPort = hung.port();
      int before = received.size();
      for (int round = 0; round < 60; round++) {
        List<String> uris = new ArrayList<>(List.of(talkerUri));
        for (int i = 1; i <= 99; i++) {
          uris.add("http://127.0." + (1 + round) + "." + i + ":" + hungPort + "/");
        }
        assertThat(update(uris)).isEqualTo(List.of(1, "", 0));
      }
      int peakDuringFlood = hung.peakOpen.get();
      Await.until(
          Duration.ofSeconds(5),
          () -> hung.open.get() <= 99 && received.size() > before + 10,
          () -> "open to the hung peer: " + hung.open + ", received " + received.size());
      assertThat(update(List.of(talkerUri))).isEqualTo(List.of(1, "", 0));
      Await.until(
          Duration.ofSeconds(3),
          () -> hung.open.get() == 0,
          () -> "still open to the hung peer: " + hung.open);
      System.out.printf(
          "publisherUpdate abuse: 10000-URI list and 8 bad URIs refused with code -1; 60 updates"
              + " of 99 new hung publishers each (%d connections attempted): at most %d open at"
              + " once, %d after the flood, 0 once dropped; the real publisher's messages kept"
              + " arriving (%d during the flood); longest log line %d chars%n",
          hung.accepted.get(),
          peakDuringFlood,
          hung.open.get(),
          received.size() - before,
          logs.longestLine());
      assertThat(peakDuringFlood).isLessThanOrEqualTo(2 * 100);
      assertThat(subscriber.publisherUris()).containsExactly(URI.create(talkerUri));
      assertThat(logs.longestLine()).isLessThan(1000);
    }
  }

  @Test
  void aFloodOfParamUpdatesWithAHungMasterDoesNotStallTheSlaveApi() throws Exception {
    try (HungPeer hungMaster = new HungPeer();
        RosNode subscriber =
            RosNode.start(
                settings(
                    URI.create("http://127.0.0.1:" + hungMaster.port() + "/"), "param_user"))) {
      // The master never answers: subscribing fails after the call timeout, the listener stays.
      try {
        subscriber.subscribeParameter("/gains", (key, value) -> {});
      } catch (RosException expected) {
        // as expected with a hung master
      }
      // A key below the subscribed one changed: the node must read /gains again from the master.
      ExecutorService flood = Executors.newFixedThreadPool(4);
      List<Future<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int value = i;
        calls.add(
            flood.submit(
                () ->
                    authorised.callAndWait(
                        subscriber.slaveUri(),
                        "paramUpdate",
                        List.of("/master", "/gains/kp", value))));
      }
      try {
        for (Future<Object> call : calls) {
          assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(List.of(1, "", 0));
        }
        long start = System.nanoTime();
        Object pid = authorised.callAndWait(subscriber.slaveUri(), "getPid", List.of("/a"));
        double millis = (System.nanoTime() - start) / 1e6;
        System.out.printf(
            "40 paramUpdate calls below a subscribed key with a hung master: authorised getPid"
                + " answered in %.1f ms (deadline %d ms); %d reads of the master started%n",
            millis, CALL_TIMEOUT.toMillis(), hungMaster.accepted.get() - 1);
        assertThat(pid).isEqualTo(List.of(1, "", (int) ProcessHandle.current().pid()));
        // One read for the subscription, at most two for the 40 updates (one queued, one running).
        assertThat(hungMaster.accepted.get()).isLessThanOrEqualTo(3);
      } finally {
        flood.shutdownNow();
      }
    }
  }

  @Test
  void peerTextIsQuotedAndShortInErrorsAndLogs() throws Exception {
    String longText = "n".repeat(100_000) + "\nforged log line";
    try (LogCapture logs = new LogCapture()) {
      Map<String, String> header = new LinkedHashMap<>();
      header.put("callerid", longText);
      header.put("md5sum", "0123456789abcdef0123456789abcdef");
      header.put("topic", "/chatter");
      header.put("type", longText);
      String error;
      try (RawTcpRos peer = new RawTcpRos(node.tcpRosPort())) {
        peer.write(RawTcpRos.header(header));
        error = RawTcpRos.parseHeader(peer.readFrame()).get("error");
      }
      header.put("topic", longText);
      header.put("md5sum", "*");
      String unknownTopic;
      try (RawTcpRos peer = new RawTcpRos(node.tcpRosPort())) {
        peer.write(RawTcpRos.header(header));
        unknownTopic = RawTcpRos.parseHeader(peer.readFrame()).get("error");
      }
      List<?> requestTopic =
          (List<?>)
              authorised.callAndWait(
                  node.slaveUri(),
                  "requestTopic",
                  List.of(longText, longText, List.of(List.of("TCPROS"))));
      String fault = "";
      try {
        authorised.callAndWait(node.slaveUri(), "x".repeat(10_000), List.of());
      } catch (dev.foresight.ros.xmlrpc.XmlRpcFault e) {
        fault = e.getMessage();
      }
      System.out.printf(
          "peer text of 100000 chars: md5 error %d chars, unknown-topic error %d chars,"
              + " requestTopic answer %d chars, unknown-method fault %d chars, longest log line %d"
              + " chars%n",
          error.length(),
          unknownTopic.length(),
          ((String) requestTopic.get(1)).length(),
          fault.length(),
          logs.longestLine());
      assertThat(error).contains("md5sum mismatch on /chatter").hasSizeLessThan(500);
      assertThat(unknownTopic).contains("does not publish 'nnn").hasSizeLessThan(300);
      assertThat((String) requestTopic.get(1)).hasSizeLessThan(300).doesNotContain("\n");
      assertThat(fault).contains("is not part of the ROS slave API").hasSizeLessThan(300);
      assertThat(logs.longestLine()).isLessThan(1000);
      assertThat(logs.lines).noneMatch(line -> line.contains("\nforged"));
    }
  }

  @Test
  void aFloodOfShutdownCallsRunsTheOwnersHookOnceBeforeTeardown() throws Exception {
    URI deadMaster = node.settings().masterUri();
    RosNode agent = RosNode.start(settings(deadMaster, "agent"));
    try (LogCapture logs = new LogCapture()) {
      RosPublisher<StringMessage> commands =
          agent.advertise(Topic.of("cmd", StringMessage.TYPE), false, 10);
      AtomicInteger hookRuns = new AtomicInteger();
      ConcurrentLinkedQueue<String> hookFailures = new ConcurrentLinkedQueue<>();
      agent.onShutdown(
          () -> {
            hookRuns.incrementAndGet();
            try {
              commands.publish(new StringMessage("zero twist"));
            } catch (RuntimeException e) {
              hookFailures.add(e.toString());
            }
          });
      Map<String, String> header = new LinkedHashMap<>();
      header.put("callerid", "/driver");
      header.put("md5sum", "*");
      header.put("topic", "/cmd");
      try (RawTcpRos driver = new RawTcpRos(agent.tcpRosPort())) {
        driver.write(RawTcpRos.header(header));
        assertThat(RawTcpRos.parseHeader(driver.readFrame())).doesNotContainKey("error");
        Await.until(
            Duration.ofSeconds(5), () -> commands.subscriberCount() == 1, () -> "not connected");
        commands.publish(new StringMessage("move"));
        String reason = "r".repeat(64 << 10) + "\nforged";
        String callerId = "/c".repeat(512);
        ExecutorService flood = Executors.newFixedThreadPool(8);
        AtomicInteger accepted = new AtomicInteger();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          calls.add(
              flood.submit(
                  () -> {
                    try {
                      if (List.of(1, "", 0)
                          .equals(
                              authorised.callAndWait(
                                  agent.slaveUri(), "shutdown", List.of(callerId, reason)))) {
                        accepted.incrementAndGet();
                      }
                    } catch (IOException | dev.foresight.ros.xmlrpc.XmlRpcFault closed) {
                      // the node went away under the flood, as asked
                    }
                  }));
        }
        for (Future<?> call : calls) {
          call.get(30, TimeUnit.SECONDS);
        }
        flood.shutdown();
        assertThat(agent.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        List<String> frames = new ArrayList<>();
        byte[] frame;
        while ((frame = driver.readFrame()) != null) {
          frames.add(new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8));
        }
        System.out.printf(
            "shutdown flood: 400 calls with 64 KiB reasons, %d answered before the node closed;"
                + " hook ran %d time(s); the driver got %s before the connection closed; %d log"
                + " lines, longest %d chars, %d chars in all; shutdownRequest %s%n",
            accepted.get(),
            hookRuns.get(),
            frames,
            logs.lines.size(),
            logs.longestLine(),
            logs.totalChars(),
            agent.shutdownRequest().map(String::length).orElse(-1));
        assertThat(hookRuns.get()).isEqualTo(1);
        assertThat(hookFailures).isEmpty();
        assertThat(frames).containsExactly("move", "zero twist");
        assertThat(accepted.get()).isPositive();
        assertThat(logs.longestLine()).isLessThan(1000);
        assertThat(logs.totalChars()).isLessThan(20_000);
        assertThat(agent.shutdownRequest())
            .hasValueSatisfying(
                request ->
                    assertThat(request)
                        .startsWith("asked to shut down by '/c/c")
                        .hasSizeLessThan(400)
                        .doesNotContain("\n"));
      }
    } finally {
      agent.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private List<?> update(List<?> uris) throws Exception {
    return (List<?>)
        authorised.callAndWait(
            node.slaveUri(), "publisherUpdate", List.of("/master", "/abused", uris));
  }

  private static void count(String[] response, AtomicLong answered, AtomicLong unavailable) {
    if (response[0].equals("200")) {
      answered.incrementAndGet();
    } else if (response[0].equals("503")) {
      unavailable.incrementAndGet();
    }
  }

  private RawTcpRos subscribe(String topic) throws IOException {
    return subscribe(node.tcpRosPort(), topic);
  }

  private static RawTcpRos subscribe(int port, String topic) throws IOException {
    RawTcpRos peer = new RawTcpRos(port);
    Map<String, String> header = new LinkedHashMap<>();
    header.put("callerid", "/authorised");
    header.put("md5sum", StringMessage.TYPE.md5());
    header.put("topic", topic);
    header.put("type", StringMessage.TYPE.typeName());
    peer.write(RawTcpRos.header(header));
    Map<String, String> answer = RawTcpRos.parseHeader(peer.readFrame());
    assertThat(answer).doesNotContainKey("error");
    return peer;
  }

  private static Thread readFrames(RawTcpRos peer, AtomicInteger count) {
    Thread reader =
        new Thread(
            () -> {
              try {
                while (peer.readFrame() != null) {
                  count.incrementAndGet();
                }
              } catch (IOException e) {
                // closed
              }
            },
            "authorised-subscriber");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static long uncheckedFds() {
    try {
      return Probes.openFileDescriptors();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String stillOpen(List<SlowLoris> lorises) {
    return lorises.stream().filter(l -> l.closedAfterSeconds() < 0).count()
        + " of "
        + lorises.size();
  }

  private <C extends AutoCloseable> C track(C closeable) {
    toClose.add(closeable);
    return closeable;
  }

  private <C extends AutoCloseable> List<C> trackAll(List<C> closeables) {
    toClose.addAll(closeables);
    return closeables;
  }

  /** An authorised caller of the slave API: calls getPid every period, on its own event loop. */
  private final class AuthorisedCaller implements AutoCloseable {
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    AuthorisedCaller(long periodMillis) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  long start = System.nanoTime();
                  try {
                    Object answer =
                        authorised.callAndWait(node.slaveUri(), "getPid", List.of("/authorised"));
                    if (!List.of(1, "", (int) ProcessHandle.current().pid()).equals(answer)) {
                      failures.add("answer " + answer);
                    }
                  } catch (Exception e) {
                    failures.add(e.getMessage());
                  }
                  calls.incrementAndGet();
                  slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                  try {
                    Thread.sleep(periodMillis);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "authorised-caller");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }

    String summary() {
      return String.format(
          "%d calls, %d failed, slowest %.1f ms (deadline %d ms)",
          calls.get(), failures.size(), slowestNanos.get() / 1e6, CALL_TIMEOUT.toMillis());
    }

    void assertServed() {
      assertThat(failures).as("authorised calls that failed").isEmpty();
      assertThat(calls.get()).isGreaterThan(5);
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
