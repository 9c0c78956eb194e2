package dev.foresight.ros.internal;

import dev.foresight.core.LogText;
import dev.foresight.ros.MessageListener;
import dev.foresight.ros.RosSubscriber;
import dev.foresight.ros.Topic;
import dev.foresight.ros.xmlrpc.XmlRpcClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscribed topic: keeps one TCPROS connection per publisher the master lists. A new list
 * (from {@code registerSubscriber} or {@code publisherUpdate}) connects to added publishers and
 * drops removed ones; a connection that closes while its publisher is still listed is retried with
 * backoff (0.1 s doubling to 2 s), so a restarted publisher is picked up again. At most {@code
 * maxPublishers} publishers are followed, each with at most one outgoing connection at a time (its
 * {@code requestTopic} call or its TCPROS connection); dropping a publisher closes its connection
 * at once. The publisher's connection header must arrive within {@code handshakeTimeout} of
 * connecting; after it, a quiet publisher is never disconnected.
 *
 * @param <T> message record type
 */
public final class Subscription<T> implements RosSubscriber<T> {
  /** Pipeline name of the frame decoder. */
  public static final String FRAME_DECODER = "tcpros-frame-decoder";

  /** Pipeline name of the subscriber-side handler. */
  public static final String SUBSCRIBER = "tcpros-subscriber";

  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final AtomicInteger CONNECTION_IDS = new AtomicInteger(100_000);
  private static final long MIN_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 2000;
  private static final int MAX_URI_CHARS = 1024;

  private final Topic<T> topic;
  private final MessageListener<T> listener;
  private final EventLoopGroup group;
  private final XmlRpcClient client;
  private final String callerId;
  private final int maxMessageBytes;
  private final Duration handshakeTimeout;
  private final int maxPublishers;
  private final Consumer<Subscription<T>> onClose;
  private final Map<URI, PublisherLink> links = new ConcurrentHashMap<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private volatile boolean registered;
  private volatile boolean closed;

  /**
   * @param topic resolved topic
   * @param listener receives messages on I/O threads
   * @param group event loops (not owned)
   * @param client XML-RPC client for {@code requestTopic}
   * @param callerId this node's name
   * @param maxMessageBytes largest message accepted
   * @param handshakeTimeout a publisher's connection header must arrive within this time of
   *     connecting
   * @param maxPublishers most publishers followed, at least 1
   * @param onClose unregisters the subscription (called once, by {@link #close})
   */
  public Subscription(
      Topic<T> topic,
      MessageListener<T> listener,
      EventLoopGroup group,
      XmlRpcClient client,
      String callerId,
      int maxMessageBytes,
      Duration handshakeTimeout,
      int maxPublishers,
      Consumer<Subscription<T>> onClose) {
    if (maxPublishers < 1) {
      throw new IllegalArgumentException("maxPublishers must be at least 1, got " + maxPublishers);
    }
    this.topic = topic;
    this.listener = listener;
    this.group = group;
    this.client = client;
    this.callerId = callerId;
    this.maxMessageBytes = maxMessageBytes;
    this.handshakeTimeout = handshakeTimeout;
    this.maxPublishers = maxPublishers;
    this.onClose = onClose;
  }

  /**
   * Checks one publisher URI of a {@code publisherUpdate} or {@code registerSubscriber} answer.
   *
   * @return the URI, when it is {@code http://HOST:PORT/} with a port in 1..65535
   * @throws IllegalArgumentException naming the value and what was expected
   */
  public static URI publisherUri(Object value) {
    String text = String.valueOf(value);
    URI uri = null;
    if (value instanceof String && text.length() <= MAX_URI_CHARS) {
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        uri = null;
      }
    }
    if (uri == null
        || !"http".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() < 1
        || uri.getPort() > 65_535
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "publisher URI "
              + LogText.quote(text)
              + " is not http://HOST:PORT/ with a port in 1..65535");
    }
    return uri;
  }

  @Override
  public Topic<T> topic() {
    return topic;
  }

  /** Most publishers this subscription follows. */
  public int maxPublishers() {
    return maxPublishers;
  }

  /**
   * Replaces the publisher list with the master's full current list: connects to new publishers,
   * drops those no longer listed. URIs that are not {@code http://HOST:PORT/} are left out, and of
   * a list longer than {@link #maxPublishers()} only the first are followed (with a warning).
   */
  public synchronized void updatePublishers(Collection<URI> publisherUris) {
    if (closed) {
      return;
    }
    Set<URI> wanted = new java.util.LinkedHashSet<>();
    for (URI uri : publisherUris) {
      try {
        wanted.add(publisherUri(uri.toString()));
      } catch (IllegalArgumentException e) {
        log.warn("{}: ignoring a publisher: {}", topic.name(), e.getMessage());
        continue;
      }
      if (wanted.size() == maxPublishers) {
        if (publisherUris.size() > maxPublishers) {
          log.warn(
              "{}: {} publishers listed, following only the first {}",
              topic.name(),
              publisherUris.size(),
              maxPublishers);
        }
        break;
      }
    }
    for (URI uri : new ArrayList<>(links.keySet())) {
      if (!wanted.contains(uri)) {
        PublisherLink link = links.remove(uri);
        if (link != null) {
          link.close();
        }
      }
    }
    for (URI uri : wanted) {
      links.computeIfAbsent(
          uri,
          key -> {
            PublisherLink link = new PublisherLink(key);
            link.start();
            return link;
          });
    }
  }

  @Override
  public Set<URI> publisherUris() {
    return Set.copyOf(links.keySet());
  }

  @Override
  public int connectedPublisherCount() {
    int count = 0;
    for (PublisherLink link : links.values()) {
      if (link.connected) {
        count++;
      }
    }
    return count;
  }

  @Override
  public long receivedCount() {
    return received.get();
  }

  @Override
  public boolean isRegistered() {
    return registered;
  }

  /** Records whether the master knows about this subscription. */
  public void setRegistered(boolean registered) {
    this.registered = registered;
  }

  /** Connection statistics for {@code getBusStats}: [[id, bytesReceived, drops, connected]]. */
  public List<Object> connectionStats() {
    List<Object> stats = new ArrayList<>();
    for (PublisherLink link : links.values()) {
      stats.add(List.of(link.id, (int) link.bytes, 0, link.connected));
    }
    return stats;
  }

  /** Connection info for {@code getBusInfo}. */
  public List<Object> connectionInfo() {
    List<Object> info = new ArrayList<>();
    for (PublisherLink link : links.values()) {
      info.add(
          List.of(
              link.id,
              link.uri.toString(),
              "i",
              "TCPROS",
              topic.name(),
              link.connected,
              "TCPROS connection to [" + link.uri + "]"));
    }
    return info;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (PublisherLink link : links.values()) {
      link.close();
    }
    links.clear();
    onClose.accept(this);
  }

  private FrameAssembler frameDecoder() {
    return new FrameAssembler(TcpRosServer.MAX_HEADER_BYTES, maxMessageBytes);
  }

  private Map<String, String> requestHeader() {
    Map<String, String> header = new LinkedHashMap<>();
    header.put("callerid", callerId);
    header.put("md5sum", topic.type().md5());
    header.put("message_definition", topic.type().definition());
    header.put("tcp_nodelay", "1");
    header.put("topic", topic.name());
    header.put("type", topic.type().typeName());
    return header;
  }

  /** The connection to one publisher, re-established while the publisher stays listed. */
  private final class PublisherLink {
    final int id = CONNECTION_IDS.incrementAndGet();
    final URI uri;
    volatile boolean connected;
    volatile long bytes;
    private volatile boolean linkClosed;
    private volatile Channel channel;
    private volatile CompletableFuture<Object> pendingCall;
    private int attempts;

    PublisherLink(URI uri) {
      this.uri = uri;
    }

    void start() {
      if (linkClosed) {
        return;
      }
      CompletableFuture<Object> call =
          client.call(
              uri, "requestTopic", List.of(callerId, topic.name(), List.of(List.of("TCPROS"))));
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
              .group(group)
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
                          .addLast(FRAME_DECODER, frameDecoder())
                          .addLast(SUBSCRIBER, new Handler(PublisherLink.this, handshakeTimeout));
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
                      ConnectionHeader.encode(future.channel().alloc(), requestHeader()));
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
      if (linkClosed || closed || links.get(uri) != this) {
        return;
      }
      long delay = Math.min(MAX_RETRY_MILLIS, MIN_RETRY_MILLIS << Math.min(attempts, 10));
      attempts++;
      try {
        group.schedule(this::start, delay, TimeUnit.MILLISECONDS);
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

  /** Subscriber side of one connection: the publisher's header, then messages. */
  private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
    private final PublisherLink link;
    private final Duration handshakeTimeout;
    private boolean handshakeDone;
    private ScheduledFuture<?> deadline;

    Handler(PublisherLink link, Duration handshakeTimeout) {
      this.link = link;
      this.handshakeTimeout = handshakeTimeout;
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
}
