package dev.foresight.ros.internal;

import dev.foresight.core.LogText;
import dev.foresight.ros.MessageListener;
import dev.foresight.ros.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriber side of one TCPROS connection of a {@link Subscription}: the publisher's header (md5
 * checked, within the handshake deadline), then messages to the listener.
 */
final class SubscriberHandler<T> extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);

  private final Topic<T> topic;
  private final MessageListener<T> listener;
  private final PublisherLink<T> link;
  private final Duration handshakeTimeout;
  private final AtomicLong received;
  private final AtomicLong bytesReceived;
  private boolean handshakeDone;
  private ScheduledFuture<?> deadline;

  /**
   * @param received counts decoded messages. Modified.
   * @param bytesReceived counts frame bytes, length prefixes included. Modified.
   */
  SubscriberHandler(
      Topic<T> topic,
      MessageListener<T> listener,
      PublisherLink<T> link,
      Duration handshakeTimeout,
      AtomicLong received,
      AtomicLong bytesReceived) {
    this.topic = topic;
    this.listener = listener;
    this.link = link;
    this.handshakeTimeout = handshakeTimeout;
    this.received = received;
    this.bytesReceived = bytesReceived;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    // Absolute: a publisher that trickles its header is dropped (and retried) all the same.
    deadline =
        context
            .executor()
            .schedule(
                () -> {
                  if (!handshakeDone && context.channel().isActive()) {
                    // Warned once per publisher, not at every retry.
                    String format =
                        "{}: publisher {} sent no complete connection header within {} ms";
                    if (link.attempts == 0) {
                      log.warn(format, topic.name(), link.uri, handshakeTimeout.toMillis());
                    } else {
                      log.debug(format, topic.name(), link.uri, handshakeTimeout.toMillis());
                    }
                    context.close();
                  }
                },
                handshakeTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
    context.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    context.fireChannelInactive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
    if (!handshakeDone) {
      Map<String, String> header;
      try {
        header = ConnectionHeader.decode(frame);
      } catch (IllegalArgumentException e) {
        log.warn(
            "{}: publisher {} sent a bad header: {}",
            topic.name(),
            link.uri,
            LogText.quote(e.getMessage(), 200));
        context.close();
        return;
      }
      if (header.containsKey("error")) {
        log.warn(
            "{}: publisher {} refused the connection: {}",
            topic.name(),
            link.uri,
            LogText.quote(header.get("error"), 200));
        link.attempts = Math.max(link.attempts, 10);
        context.close();
        return;
      }
      String md5 = header.get("md5sum");
      if (md5 != null && !"*".equals(md5) && !md5.equals(topic.type().md5())) {
        log.warn(
            "{}: publisher {} sends {} [{}], expected {} [{}]; not connecting",
            topic.name(),
            link.uri,
            LogText.quote(header.get("type")),
            LogText.quote(md5),
            topic.type().typeName(),
            topic.type().md5());
        link.attempts = Math.max(link.attempts, 10);
        context.close();
        return;
      }
      handshakeDone = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      link.connected = true;
      link.attempts = 0;
      log.debug("{}: connected to publisher {}", topic.name(), link.uri);
      return;
    }
    link.bytes += frame.readableBytes() + 4;
    bytesReceived.addAndGet(frame.readableBytes() + 4L);
    T message;
    try {
      message = topic.type().read(frame);
    } catch (IllegalArgumentException e) {
      log.warn(
          "{}: undecodable message from {}: {}",
          topic.name(),
          link.uri,
          LogText.quote(e.getMessage(), 200));
      context.close();
      return;
    }
    received.incrementAndGet();
    try {
      listener.onMessage(message);
    } catch (RuntimeException e) {
      log.warn("{}: listener failed: {}", topic.name(), e.toString());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    log.warn(
        "{}: connection to {} failed: {}",
        topic.name(),
        link.uri,
        LogText.quote(String.valueOf(cause.getMessage()), 200));
    context.close();
  }
}
