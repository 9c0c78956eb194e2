package dev.foresight.ros.internal;

import dev.foresight.core.LogText;
import dev.foresight.ros.Topic;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Subscription}'s connection to one publisher ({@code requestTopic}, then TCPROS),
 * re-established with backoff (0.1 s doubling to 2 s) while the publisher stays listed.
 *
 * @param <T> message record type
 */
final class PublisherLink<T> {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final AtomicInteger CONNECTION_IDS = new AtomicInteger(100_000);
  private static final long MIN_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 2000;

  final int id = CONNECTION_IDS.incrementAndGet();
  private final Subscription<T> subscription;
  private final Topic<T> topic;
  final URI uri;
  volatile boolean connected;
  volatile long bytes;
  private volatile boolean linkClosed;
  private volatile Channel channel;
  private volatile CompletableFuture<Object> pendingCall;
  int attempts;

  PublisherLink(Subscription<T> subscription, URI uri) {
    this.subscription = subscription;
    this.topic = subscription.topic();
    this.uri = uri;
  }

  void start() {
    if (linkClosed) {
      return;
    }
    CompletableFuture<Object> call =
        subscription.client.call(
            uri,
            "requestTopic",
            List.of(subscription.callerId, topic.name(), List.of(List.of("TCPROS"))));
    pendingCall = call;
    if (linkClosed) {
      call.cancel(false);
    }
    call.whenComplete(
        (answer, failure) -> {
          pendingCall = null;
          if (linkClosed) {
            return;
          }
          if (failure != null) {
            log.debug(
                "{}: requestTopic to {} failed: {}",
                topic.name(),
                uri,
                LogText.quote(String.valueOf(failure.getMessage()), 200));
            retry();
            return;
          }
          connect(answer);
        });
  }

  private void connect(Object answer) {
    String host;
    int port;
    try {
      List<?> triple = (List<?>) answer;
      if (!Integer.valueOf(1).equals(triple.get(0))) {
        log.warn(
            "{}: publisher {} refused requestTopic: {}",
            topic.name(),
            uri,
            LogText.quote(String.valueOf(triple.get(1)), 200));
        retry();
        return;
      }
      List<?> protocol = (List<?>) triple.get(2);
      if (!"TCPROS".equals(protocol.get(0))) {
        throw new IllegalArgumentException("protocol " + protocol.get(0));
      }
      host = (String) protocol.get(1);
      port = (Integer) protocol.get(2);
      if (host.isEmpty() || host.length() > 255 || port < 1 || port > 65_535) {
        throw new IllegalArgumentException("host or port out of range");
      }
    } catch (RuntimeException e) {
      log.warn(
          "{}: publisher {} answered requestTopic with {}, expected [1, msg, [TCPROS, HOST,"
              + " PORT]] with a port in 1..65535",
          topic.name(),
          uri,
          LogText.quote(String.valueOf(answer), 200));
      retry();
      return;
    }
    if (linkClosed) {
      return;
    }
    ChannelFuture future =
        new Bootstrap()
            .group(subscription.group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            // Reads of up to 256 KiB: a camera frame arrives in a few syscalls, not dozens.
            .option(
                ChannelOption.RECVBUF_ALLOCATOR,
                new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 64 << 10, 256 << 10))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel socket) {
                    socket
                        .pipeline()
                        .addLast(Subscription.FRAME_DECODER, subscription.frameDecoder())
                        .addLast(
                            Subscription.SUBSCRIBER,
                            new SubscriberHandler<>(
                                topic,
                                subscription.listener,
                                PublisherLink.this,
                                subscription.handshakeTimeout,
                                subscription.received,
                                subscription.bytesReceived));
                  }
                })
            .connect(host, port);
    channel = future.channel();
    future.addListener(
        done -> {
          if (!done.isSuccess()) {
            log.debug(
                "{}: cannot connect to {}:{} of {}: {}",
                topic.name(),
                LogText.quote(host),
                port,
                uri,
                done.cause().toString());
            retry();
          } else if (linkClosed) {
            future.channel().close();
          } else {
            future
                .channel()
                .writeAndFlush(
                    ConnectionHeader.encode(
                        future.channel().alloc(), subscription.requestHeader()));
            future.channel().closeFuture().addListener(closedFuture -> onDisconnected());
          }
        });
  }

  private void onDisconnected() {
    boolean was = connected;
    connected = false;
    if (was) {
      log.info("{}: connection to publisher {} closed", topic.name(), uri);
    }
    retry();
  }

  private void retry() {
    if (linkClosed || !subscription.follows(uri, this)) {
      return;
    }
    long delay = Math.min(MAX_RETRY_MILLIS, MIN_RETRY_MILLIS << Math.min(attempts, 10));
    attempts++;
    try {
      subscription.group.schedule(this::start, delay, TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      // The node is shutting down.
    }
  }

  void close() {
    linkClosed = true;
    connected = false;
    CompletableFuture<Object> call = pendingCall;
    if (call != null) {
      call.cancel(false);
    }
    Channel current = channel;
    if (current != null) {
      current.close();
    }
  }
}
