package dev.foresight.bridge;

import static dev.foresight.bridge.TestSupport.frame;
import static dev.foresight.bridge.TestSupport.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Heartbeat;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.State;
import dev.foresight.bridge.v1.Welcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's pipeline on {@link EmbeddedChannel}s: framing edge cases, garbage and wrong message
 * types each end in a reject or a closed connection with a logged reason, and other clients of the
 * same agent keep being served.
 */
class BridgeCodecTest {
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private AgentSessions sessions;
  private ControlLoop control;
  private TestSupport.LogCapture log;

  @BeforeEach
  void setUp() {
    AgentTelemetry telemetry = new AgentTelemetry();
    control =
        new ControlLoop(
            TestSupport.PROFILE,
            new KinematicArmDriver(TestSupport.START, 0),
            telemetry,
            AgentOptions.DEFAULT_STATE_RATE_HZ);
    sessions = new AgentSessions(AgentOptions.loopback(TestSupport.PROFILE), control, telemetry);
    log = new TestSupport.LogCapture(AgentSessions.class);
  }

  @AfterEach
  void tearDown() {
    log.close();
    for (EmbeddedChannel channel : channels) {
      channel.finishAndReleaseAll();
    }
  }

  private EmbeddedChannel connect() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new AgentChannelInitializer(sessions, null, 5_000, ConnectionLimits.DEFAULTS));
    channels.add(channel);
    return channel;
  }

  private static Envelope hello(String clientId, boolean control) {
    return Envelope.newBuilder()
        .setHello(
            Hello.newBuilder()
                .setProtocolVersion(Protocol.VERSION)
                .setClientId(clientId)
                .setRequestControl(control)
                .setSendTimeNanos(System.nanoTime()))
        .build();
  }

  private static Welcome welcomeIn(List<Envelope> messages) {
    return messages.stream()
        .filter(Envelope::hasWelcome)
        .map(Envelope::getWelcome)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no welcome in " + messages));
  }

  @Test
  void helloArrivingOneByteAtATimeIsWelcomed() {
    EmbeddedChannel channel = connect();
    ByteBuf whole = frame(hello("slow-planner", true));
    while (whole.isReadable()) {
      channel.writeInbound(whole.readRetainedSlice(1));
    }
    whole.release();
    Welcome welcome = welcomeIn(outbound(channel));
    assertThat(welcome.getHasControl()).isTrue();
    assertThat(welcome.getRobotId()).isEqualTo("test-arm");
    assertThat(welcome.getLimits().getWatchdogTimeoutMillis()).isEqualTo(100);
  }

  @Test
  void frameSplitInsideItsLengthPrefixIsReassembled() {
    EmbeddedChannel channel = connect();
    ByteBuf whole = frame(hello("split", true));
    int length = whole.readableBytes();
    channel.writeInbound(whole.readRetainedSlice(2));
    assertThat(outbound(channel)).as("nothing answered before the frame is complete").isEmpty();
    channel.writeInbound(whole.readRetainedSlice(5));
    channel.writeInbound(whole.readRetainedSlice(length - 7));
    whole.release();
    assertThat(welcomeIn(outbound(channel)).getHasControl()).isTrue();
  }

  @Test
  void twoFramesInOneBufferAreBothRead() {
    EmbeddedChannel channel = connect();
    ByteBuf both =
        Unpooled.wrappedBuffer(
            frame(hello("batch", true)),
            frame(Envelope.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build()),
            frame(Envelope.newBuilder().setState(State.getDefaultInstance()).build()));
    channel.writeInbound(both);
    List<Envelope> answers = outbound(channel);
    assertThat(welcomeIn(answers)).isNotNull();
    assertThat(answers)
        .anySatisfy(
            e ->
                assertThat(e.getReject().getReason())
                    .isEqualTo(RejectReason.REJECT_REASON_WRONG_MESSAGE_TYPE));
  }

  @Test
  void oversizedFrameClosesTheConnectionWithAReason() {
    EmbeddedChannel channel = connect();
    channel.writeInbound(frame(hello("big", true)));
    outbound(channel);
    ByteBuf huge = Unpooled.buffer();
    huge.writeInt(BridgeCodec.MAX_FRAME_BYTES + 1);
    huge.writeZero(1024);
    channel.writeInbound(huge);
    List<Envelope> answers = outbound(channel);
    assertThat(channel.isOpen()).as("connection closed").isFalse();
    assertThat(answers)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReject().getReason()).isEqualTo(RejectReason.REJECT_REASON_MALFORMED);
              assertThat(e.getReject().getMessage()).contains("frame too long");
            });
    assertThat(log.messages())
        .anySatisfy(m -> assertThat(m).contains("closing connection 'big'").contains("too long"));
  }

  @Test
  void frameThatIsNotAnEnvelopeClosesTheConnectionWithAReason() {
    EmbeddedChannel channel = connect();
    ByteBuf bad = Unpooled.buffer();
    bad.writeInt(6);
    bad.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x00});
    channel.writeInbound(bad);
    assertThat(channel.isOpen()).isFalse();
    assertThat(outbound(channel))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getReject().getMessage())
                    .contains("frame of 6 bytes is not a foresight.bridge.v1.Envelope"));
    assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("bad frame"));
  }

  @Test
  void randomGarbageEndsEveryConnectionWithALoggedReason() {
    Random random = new Random(20261129);
    int trials = 40;
    for (int trial = 0; trial < trials; trial++) {
      EmbeddedChannel channel = connect();
      // Half the trials carry a plausible length prefix so the parser, not the framer, sees junk.
      for (int chunk = 0; chunk < 50 && channel.isOpen(); chunk++) {
        byte[] junk = new byte[1 + random.nextInt(200)];
        random.nextBytes(junk);
        ByteBuf buf = Unpooled.buffer();
        if (trial % 2 == 0) {
          buf.writeInt(junk.length);
        }
        buf.writeBytes(junk);
        channel.writeInbound(buf);
      }
      assertThat(channel.isOpen()).as("trial %d closed", trial).isFalse();
      assertThat(outbound(channel)).noneMatch(Envelope::hasWelcome);
    }
    assertThat(log.messages().stream().filter(m -> m.startsWith("closing connection")))
        .hasSize(trials);
  }

  @Test
  void validFrameOfTheWrongTypeIsRejectedAndTheConnectionStaysUsable() {
    EmbeddedChannel channel = connect();
    channel.writeInbound(frame(hello("confused", true)));
    outbound(channel);
    channel.writeInbound(
        frame(Envelope.newBuilder().setWelcome(Welcome.getDefaultInstance()).build()));
    assertThat(outbound(channel))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReject().getReason())
                  .isEqualTo(RejectReason.REJECT_REASON_WRONG_MESSAGE_TYPE);
              assertThat(e.getReject().getMessage()).contains("WELCOME");
            });
    assertThat(channel.isOpen()).isTrue();
    assertThat(log.messages())
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("rejecting a message from 'confused'")
                    .contains("message type WELCOME is not accepted"));
    channel.writeInbound(
        frame(Envelope.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build()));
    assertThat(outbound(channel)).as("heartbeat accepted silently").isEmpty();
  }

  @Test
  void anythingBeforeHelloIsRefusedAndClosed() {
    EmbeddedChannel channel = connect();
    channel.writeInbound(
        frame(Envelope.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build()));
    assertThat(channel.isOpen()).isFalse();
    assertThat(outbound(channel))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getReject().getReason())
                    .isEqualTo(RejectReason.REJECT_REASON_HELLO_REQUIRED));
    assertThat(log.messages())
        .anySatisfy(m -> assertThat(m).contains("first message was HEARTBEAT"));
  }

  @Test
  void wrongProtocolVersionIsRefused() {
    EmbeddedChannel channel = connect();
    channel.writeInbound(
        frame(
            Envelope.newBuilder()
                .setHello(Hello.newBuilder().setProtocolVersion(7).setClientId("future"))
                .build()));
    assertThat(channel.isOpen()).isFalse();
    assertThat(outbound(channel))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getReject().getMessage())
                    .contains("protocol_version 7", "expected 1"));
  }

  @Test
  void agentKeepsServingOtherClientsAfterOneSendsGarbage() {
    EmbeddedChannel controller = connect();
    controller.writeInbound(frame(hello("planner", true)));
    assertThat(welcomeIn(outbound(controller)).getHasControl()).isTrue();

    EmbeddedChannel vandal = connect();
    ByteBuf junk = Unpooled.buffer();
    junk.writeInt(0x7fffffff);
    vandal.writeInbound(junk);
    assertThat(vandal.isOpen()).isFalse();

    EmbeddedChannel watcher = connect();
    watcher.writeInbound(frame(hello("dashboard", false)));
    Welcome welcome = welcomeIn(outbound(watcher));
    assertThat(welcome.getHasControl()).isFalse();
    assertThat(welcome.getControllerId()).isEqualTo("planner");

    assertThat(controller.isOpen()).isTrue();
    assertThat(sessions.controller()).isNotNull();
    assertThat(sessions.controller().clientId).isEqualTo("planner");
    sessions.broadcastState();
    assertThat(outbound(controller)).anyMatch(Envelope::hasState);
    assertThat(outbound(watcher)).anyMatch(Envelope::hasState);
  }
}
