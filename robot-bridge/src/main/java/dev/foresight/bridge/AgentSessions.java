package dev.foresight.bridge;

import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.LogText;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connections: connection caps, hellos (checked by a {@link HelloGate}), who holds
 * control, message rates, dispatch of commands and re-arms to the {@link CommandGate}, stops, and
 * fan-out of state and faults. Confined to one thread (the agent's I/O event loop); nothing here
 * blocks.
 */
final class AgentSessions {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

  /** Longest client id a hello may carry, characters. */
  static final int MAX_CLIENT_ID_CHARS = 256;

  /**
   * Most messages the controlling connection may send within a second; more close it (and stop the
   * arm). A planner sends at most one command per control tick plus heartbeats.
   */
  static final int MAX_CONTROLLER_MESSAGES_PER_SECOND = 5000;

  /**
   * Most messages any other connection may send within a second: a watching client sends heartbeats
   * and the odd stop. More close it, so that a flood costs the I/O thread little.
   */
  static final int MAX_OTHER_MESSAGES_PER_SECOND = 200;

  /** Shortest silence of the control thread taken for a stall, ns. */
  static final long CONTROL_STALL_MIN_NANOS = 5_000_000_000L;

  /** One connection. */
  static final class Session {
    final Channel channel;
    final long id;
    String clientId = "?";
    boolean welcomed;
    boolean controller;
    long lastSequence;

    /** Highest progress of this client's heartbeats; a heartbeat feeds the watchdog above it. */
    long lastProgress;

    /** Start of the current one-second window and the messages received in it. */
    long windowStartNanos;

    int messagesInWindow;

    /** Set when the agent refused the connection: later messages on it are ignored. */
    boolean failed;

    /** min(receive − send) over this client's messages: its clock offset plus least latency. */
    long clockOffsetNanos = Long.MAX_VALUE;

    int protocolErrors;

    Session(Channel channel, long id) {
      this.channel = channel;
      this.id = id;
    }

    String describe() {
      return LogText.quote(clientId) + " (session " + id + ", " + channel.remoteAddress() + ")";
    }

    /** Notes the client's send time of a message received at {@code nowNanos}. */
    void noteClock(long sendNanos, long nowNanos) {
      if (sendNanos != 0) {
        clockOffsetNanos = Math.min(clockOffsetNanos, nowNanos - sendNanos);
      }
    }
  }

  private final RobotProfile profile;
  private final HelloGate helloGate;
  private final CommandGate commands;
  private final ConnectionLimits limits;
  private final Consumer<Throwable> fatalErrorHandler;
  private final long controlStallNanos;
  private boolean stallReported;
  private long lastControlCheckNanos = System.nanoTime();
  private final ControlLoop control;
  private final AgentTelemetry telemetry;
  private final List<Session> sessions = new ArrayList<>();
  private final Welcome.Builder welcomeTemplate;
  private long nextSessionId = 1;
  private Session controller;
  private long stateSequence;

  AgentSessions(AgentOptions options, ControlLoop control, AgentTelemetry telemetry) {
    this.profile = options.profile();
    this.limits = options.connectionLimits();
    this.helloGate = new HelloGate(options.authToken(), limits);
    this.fatalErrorHandler = options.fatalErrorHandler();
    // A control thread silent this long is stalled (blocked in a driver, say): fail closed. The
    // bound is generous: a thread starved by a loaded machine for a second is not a stall.
    this.controlStallNanos =
        Math.max(CONTROL_STALL_MIN_NANOS, 20 * options.profile().watchdogTimeout().toNanos());
    this.control = control;
    this.telemetry = telemetry;
    this.commands =
        new CommandGate(new SafetyFilter(profile), control, telemetry, this::rejectKeepOpen);
    this.welcomeTemplate = AgentMessages.welcomeTemplate(profile);
  }

  /**
   * A new connection: its session, or null when the agent has as many connections (or unwelcomed
   * ones) as it accepts; the caller then refuses and closes it.
   */
  Session open(Channel channel) {
    int pending = 0;
    for (Session session : sessions) {
      if (!session.welcomed) {
        pending++;
      }
    }
    if (sessions.size() >= limits.maxConnections() || pending >= limits.maxPendingHellos()) {
      telemetry.countRejected();
      LOG.debug(
          "refusing connection from {}: {} open, {} without hello",
          channel.remoteAddress(),
          sessions.size(),
          pending);
      return null;
    }
    Session session = new Session(channel, nextSessionId++);
    sessions.add(session);
    return session;
  }

  /** The reject sent to a connection {@link #open} refused. */
  Envelope tooManyConnections() {
    return AgentMessages.reject(
        RejectReason.REJECT_REASON_TOO_MANY_CONNECTIONS,
        "the agent has "
            + sessions.size()
            + " connections open and accepts at most "
            + limits.maxConnections()
            + " ("
            + limits.maxPendingHellos()
            + " before their hello); try again later",
        0);
  }

  /** The hello deadline passed: closes the session unless it was welcomed. */
  void helloDeadline(Session session) {
    if (!session.welcomed && session.channel.isActive()) {
      fail(
          session,
          RejectReason.REJECT_REASON_HELLO_TIMEOUT,
          "no hello within " + limits.helloTimeout().toMillis() + " ms of connecting");
    }
  }

  void closed(Session session) {
    sessions.remove(session);
    if (session == controller) {
      controller = null;
      LOG.warn("controller {} disconnected, stopping the arm", session.describe());
      commands.stopFromIo(
          StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED,
          "controller " + session.describe() + " disconnected");
    } else if (session.welcomed) {
      LOG.info("client {} disconnected", session.describe());
    }
  }

  /** Closes a connection after telling the client why, and logs the reason. */
  void fail(Session session, RejectReason reason, String message) {
    if (session.failed) {
      return;
    }
    session.failed = true;
    LOG.warn("closing connection {}: {}", session.describe(), message);
    telemetry.countRejected();
    if (session.channel.isActive() && session.channel.isWritable()) {
      session
          .channel
          .writeAndFlush(AgentMessages.reject(reason, message, 0))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      session.channel.close(); // a client that does not read gets no last word
    }
  }

  void received(Session session, Envelope envelope, long nowNanos) {
    if (session.failed) {
      return; // closing: what it sent after the refusal is not read
    }
    if (nowNanos - session.windowStartNanos > 1_000_000_000L) {
      session.windowStartNanos = nowNanos;
      session.messagesInWindow = 0;
    }
    int limit =
        session == controller ? MAX_CONTROLLER_MESSAGES_PER_SECOND : MAX_OTHER_MESSAGES_PER_SECOND;
    if (++session.messagesInWindow > limit) {
      fail(
          session,
          RejectReason.REJECT_REASON_FLOOD,
          "more than "
              + limit
              + " messages within a second from a "
              + (session == controller ? "controlling" : "watching")
              + " client");
      return;
    }
    if (!session.welcomed) {
      if (envelope.getBodyCase() == Envelope.BodyCase.HELLO) {
        hello(session, envelope.getHello(), nowNanos);
      } else {
        fail(
            session,
            RejectReason.REJECT_REASON_HELLO_REQUIRED,
            "first message was " + envelope.getBodyCase() + ", expected HELLO");
      }
      return;
    }
    switch (envelope.getBodyCase()) {
      case COMMAND ->
          commands.command(session, session == controller, envelope.getCommand(), nowNanos);
      case HEARTBEAT -> {
        session.noteClock(envelope.getHeartbeat().getSendTimeNanos(), nowNanos);
        long progress = envelope.getHeartbeat().getProgress();
        // The deadman follows the controller's planning loop: only a heartbeat that reports new
        // progress feeds it, so a planner that hangs holds the arm though its socket lives on.
        if (progress > session.lastProgress) {
          session.lastProgress = progress;
          if (session == controller) {
            control.feedWatchdog(nowNanos);
          }
        }
      }
      case STOP -> {
        String reason = LogText.quote(envelope.getStop().getReason());
        LOG.warn("stop requested by {}: {}", session.describe(), reason);
        commands.stopFromIo(
            StopCause.STOP_CAUSE_CLIENT_STOP,
            "stop requested by " + LogText.quote(session.clientId) + ": " + reason);
      }
      case REARM ->
          commands.rearm(
              session,
              session == controller,
              StopCause.forNumber(envelope.getRearm().getAcknowledgedStopCauseValue()),
              nowNanos);
      case HELLO ->
          protocolError(
              session, RejectReason.REJECT_REASON_DUPLICATE_HELLO, "hello already received");
      default ->
          protocolError(
              session,
              RejectReason.REJECT_REASON_WRONG_MESSAGE_TYPE,
              "message type "
                  + envelope.getBodyCase()
                  + " is not accepted by the agent, expected COMMAND, HEARTBEAT, STOP or REARM");
    }
  }

  private void hello(Session session, Hello hello, long nowNanos) {
    HelloGate.Refusal refusal = helloGate.check(session, hello, nowNanos);
    if (refusal != null) {
      fail(session, refusal.reason(), refusal.message());
      return;
    }
    session.welcomed = true;
    session.noteClock(hello.getSendTimeNanos(), nowNanos);
    Welcome.Builder welcome = welcomeTemplate.clone().setSessionId(session.id);
    if (hello.getRequestControl() && controller == null) {
      controller = session;
      session.controller = true;
      welcome.setHasControl(true);
      LOG.info("client {} holds control", session.describe());
    } else {
      welcome.setHasControl(false);
      if (controller != null) {
        welcome.setControllerId(controller.clientId);
      }
      LOG.info(
          "client {} watches{}",
          session.describe(),
          hello.getRequestControl() ? " (control is held by " + controller.describe() + ")" : "");
    }
    session.channel.writeAndFlush(Envelope.newBuilder().setWelcome(welcome).build());
  }

  /** An operator stop from the process hosting the agent. */
  void localStop(String reason) {
    LOG.warn("stop requested by the hosting process: {}", LogText.quote(reason));
    commands.stopFromIo(
        StopCause.STOP_CAUSE_CLIENT_STOP,
        "stop requested by the hosting process: " + LogText.quote(reason));
  }

  /** The control loop stopped the arm; runs on the I/O thread. */
  void stopped(StopCause cause, long stopCount, long timeNanos, String detail) {
    commands.stopped(stopCount);
    broadcast(AgentMessages.stopFault(cause, stopCount, timeNanos, detail));
  }

  /** The control loop refused a re-arm; runs on the I/O thread. */
  void armRefused(long stopCount, String detail) {
    commands.armRefused(stopCount);
    broadcast(AgentMessages.armRefusedFault(stopCount, detail));
  }

  private void broadcast(Envelope envelope) {
    for (Session session : sessions) {
      if (session.welcomed && session.channel.isActive()) {
        session.channel.writeAndFlush(envelope, session.channel.voidPromise());
      }
    }
  }

  /**
   * Fails closed when the control thread stopped publishing while it should run: a thread blocked
   * (in a driver, say) cannot hold the arm, so the process must end. Runs on the I/O thread.
   */
  void checkControlThread(long nowNanos) {
    long sinceLastCheck = nowNanos - lastControlCheckNanos;
    lastControlCheckNanos = nowNanos;
    if (sinceLastCheck > controlStallNanos / 2) {
      return; // this thread was held up too (a long pause of the whole process): judge next time
    }
    ControlMailbox.Snapshot snapshot = control.latestSnapshot();
    if (!stallReported && control.isAlive() && nowNanos - snapshot.timeNanos > controlStallNanos) {
      stallReported = true;
      IllegalStateException stall =
          new IllegalStateException(
              "the agent's control thread published nothing for "
                  + (nowNanos - snapshot.timeNanos) / 1_000_000
                  + " ms, expected a tick every "
                  + control.periodNanos() / 1000
                  + " us");
      LOG.error("{}; ending the agent", stall.getMessage());
      fatalErrorHandler.accept(stall);
    }
  }

  /** Sends the current state to every welcomed client that can take it. */
  void broadcastState() {
    if (sessions.isEmpty()) {
      return;
    }
    Envelope envelope =
        AgentMessages.state(
            control.latestSnapshot(), ++stateSequence, commands.lastAcceptedSequence(), telemetry);
    for (Session session : sessions) {
      // A client that does not read is skipped rather than buffered without bound.
      if (session.welcomed && session.channel.isActive() && session.channel.isWritable()) {
        session.channel.writeAndFlush(envelope, session.channel.voidPromise());
      }
    }
  }

  /** A message the protocol does not allow here: logged (first ten per connection) and rejected. */
  private void protocolError(Session session, RejectReason reason, String message) {
    if (++session.protocolErrors <= 10) {
      LOG.warn("rejecting a message from {}: {}", session.describe(), message);
    }
    rejectKeepOpen(session, reason, message, 0);
  }

  private void rejectKeepOpen(Session session, RejectReason reason, String message, long sequence) {
    telemetry.countRejected();
    LOG.debug("rejecting from {}: {}", session.describe(), message);
    if (session.channel.isActive() && session.channel.isWritable()) {
      session.channel.writeAndFlush(
          AgentMessages.reject(reason, message, sequence), session.channel.voidPromise());
    }
  }

  /** The session holding control, or null. */
  Session controller() {
    return controller;
  }

  RobotProfile profile() {
    return profile;
  }
}
