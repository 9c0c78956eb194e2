package dev.foresight.ros.internal;

import dev.foresight.core.LogText;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One advertised topic: serialises each message once into a pooled buffer and hands a retained
 * duplicate to every subscriber connection. Each connection queues at most {@code queueSize}
 * messages beyond what its socket buffer holds and drops the oldest when full. A latched
 * publication keeps its last message and sends it to each new subscriber.
 *
 * @param <T> message record type
 */
public final class Publication<T> implements RosPublisher<T> {
  private static final Logger log = LoggerFactory.getLogger(Publication.class);
  private static final AtomicInteger CONNECTION_IDS = new AtomicInteger();
  private static final long CLOSE_FLUSH_MILLIS = 1000;
  private static final int MAX_CALLER_ID_CHARS = 256;

  private final Topic<T> topic;
  private final boolean latch;
  private final int queueSize;
  private final MessageBufferPool buffers;
  private final Consumer<Publication<T>> onClose;
  private final List<SubscriberLink> links = new CopyOnWriteArrayList<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean registered;
  private volatile boolean closed;
  private ByteBuf latched; // guarded by this

  /**
   * @param topic resolved topic
   * @param latch whether to keep the last message for new subscribers
   * @param queueSize messages queued per subscriber beyond its socket buffer, at least 1
   * @param buffers recycles message buffers
   * @param onClose unregisters the publication (called once, by {@link #close})
   */
  public Publication(
      Topic<T> topic,
      boolean latch,
      int queueSize,
      MessageBufferPool buffers,
      Consumer<Publication<T>> onClose) {
    if (queueSize < 1) {
      throw new IllegalArgumentException(
          "publisher queue size must be at least 1, got " + queueSize);
    }
    this.topic = topic;
    this.latch = latch;
    this.queueSize = queueSize;
    this.buffers = buffers;
    this.onClose = onClose;
  }

  @Override
  public Topic<T> topic() {
    return topic;
  }

  /** Whether the last message is kept for new subscribers. */
  public boolean isLatched() {
    return latch;
  }

  @Override
  public void publish(T message) {
    if (closed) {
      throw new IllegalStateException("publisher of " + topic.name() + " is closed");
    }
    int size = topic.type().serializedSize(message);
    ByteBuf buffer = buffers.acquire(4 + size);
    try {
      buffer.writeIntLE(size);
      topic.type().write(message, buffer);
      if (buffer.readableBytes() != 4 + size) {
        throw new IllegalStateException(
            topic.type().typeName()
                + " wrote "
                + (buffer.readableBytes() - 4)
                + " bytes, its size says "
                + size);
      }
    } catch (RuntimeException e) {
      buffer.release();
      throw e;
    }
    published.incrementAndGet();
    synchronized (this) {
      for (SubscriberLink link : links) {
        link.offer(buffer.retainedDuplicate());
      }
      if (latch) {
        ByteBuf previous = latched;
        latched = buffer;
        if (previous != null) {
          previous.release();
        }
        return;
      }
    }
    buffer.release();
  }

  /**
   * Adds a subscriber connection whose handshake succeeded. Called on the channel's event loop.
   *
   * @param channel the connection
   * @param callerId the subscriber's node name, as it sent it (kept to 256 characters)
   */
  public void addSubscriber(Channel channel, String callerId) {
    SubscriberLink link =
        new SubscriberLink(
            channel,
            callerId.length() <= MAX_CALLER_ID_CHARS
                ? callerId
                : callerId.substring(0, MAX_CALLER_ID_CHARS));
    synchronized (this) {
      if (closed) {
        channel.close();
        return;
      }
      links.add(link);
      if (latched != null) {
        link.offer(latched.retainedDuplicate());
      }
    }
    channel.pipeline().addLast(TcpRosServer.PUBLISHER_LINK, link);
    channel.closeFuture().addListener(future -> links.remove(link));
    log.debug(
        "{}: subscriber {} connected from {}",
        topic.name(),
        LogText.quote(callerId),
        channel.remoteAddress());
  }

  /** The header answered to a subscriber whose handshake succeeded. */
  public Map<String, String> responseHeader(String callerId) {
    Map<String, String> header = new LinkedHashMap<>();
    header.put("callerid", callerId);
    header.put("latching", latch ? "1" : "0");
    header.put("md5sum", topic.type().md5());
    header.put("message_definition", topic.type().definition());
    header.put("topic", topic.name());
    header.put("type", topic.type().typeName());
    return header;
  }

  @Override
  public int subscriberCount() {
    return links.size();
  }

  /** Messages published since start. */
  public long publishedCount() {
    return published.get();
  }

  @Override
  public long droppedCount() {
    return dropped.get();
  }

  @Override
  public boolean isRegistered() {
    return registered;
  }

  /** Records whether the master knows about this publication. */
  public void setRegistered(boolean registered) {
    this.registered = registered;
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Connection statistics for {@code getBusStats}: [[id, bytesSent, messagesSent, connected]]. */
  public List<Object> connectionStats() {
    List<Object> stats = new ArrayList<>();
    for (SubscriberLink link : links) {
      stats.add(
          List.of(link.id, (int) link.bytesSent, (int) link.messagesSent, link.channel.isActive()));
    }
    return stats;
  }

  /** Connection info for {@code getBusInfo}: [id, destination, 'o', 'TCPROS', topic, connected]. */
  public List<Object> connectionInfo() {
    List<Object> info = new ArrayList<>();
    for (SubscriberLink link : links) {
      info.add(
          List.of(
              link.id,
              link.callerId,
              "o",
              "TCPROS",
              topic.name(),
              link.channel.isActive(),
              "TCPROS connection on port "
                  + localPort(link.channel)
                  + " to ["
                  + link.channel.remoteAddress()
                  + "]"));
    }
    return info;
  }

  private static int localPort(Channel channel) {
    return channel.localAddress() instanceof java.net.InetSocketAddress address
        ? address.getPort()
        : 0;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (latched != null) {
        latched.release();
        latched = null;
      }
    }
    for (SubscriberLink link : links) {
      link.closeAfterFlush();
    }
    onClose.accept(this);
  }

  /**
   * Waits until every subscriber connection has closed after {@link #close()}, at most {@code
   * timeoutMillis}; returns whether they all did.
   */
  public boolean awaitSubscribersClosed(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (SubscriberLink link : links) {
      long left = deadline - System.nanoTime();
      if (left <= 0
          || !link.channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

  /** One subscriber connection: a bounded queue drained as the socket becomes writable. */
  private final class SubscriberLink extends ChannelInboundHandlerAdapter {
    final int id = CONNECTION_IDS.incrementAndGet();
    final Channel channel;
    final String callerId;
    // Touched only on the channel's event loop.
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    volatile long bytesSent;
    volatile long messagesSent;

    SubscriberLink(Channel channel, String callerId) {
      this.channel = channel;
      this.callerId = callerId;
    }

    /** Takes ownership of {@code message} (a length-prefixed frame). Any thread. */
    void offer(ByteBuf message) {
      try {
        channel.eventLoop().execute(() -> enqueue(message));
      } catch (RuntimeException rejected) {
        message.release();
      }
    }

    /**
     * Writes what is queued (whatever the socket's writability: the queue is bounded) and closes
     * once it is flushed, or after {@link #CLOSE_FLUSH_MILLIS} when the subscriber does not read.
     */
    void closeAfterFlush() {
      try {
        channel
            .eventLoop()
            .execute(
                () -> {
                  ByteBuf message;
                  while ((message = queue.pollFirst()) != null) {
                    bytesSent += message.readableBytes();
                    messagesSent++;
                    channel.write(message, channel.voidPromise());
                  }
                  channel
                      .writeAndFlush(Unpooled.EMPTY_BUFFER)
                      .addListener(ChannelFutureListener.CLOSE);
                  channel
                      .eventLoop()
                      .schedule(() -> channel.close(), CLOSE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                });
      } catch (RuntimeException rejected) {
        channel.close();
      }
    }

    private void enqueue(ByteBuf message) {
      if (!channel.isActive()) {
        message.release();
        return;
      }
      queue.addLast(message);
      while (queue.size() > queueSize) {
        queue.pollFirst().release();
        dropped.incrementAndGet();
      }
      drain();
    }

    private void drain() {
      boolean wrote = false;
      while (channel.isWritable() && !queue.isEmpty()) {
        ByteBuf message = queue.pollFirst();
        bytesSent += message.readableBytes();
        messagesSent++;
        channel.write(message, channel.voidPromise());
        wrote = true;
      }
      if (wrote) {
        channel.flush();
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
      if (channel.isWritable()) {
        drain();
      }
      context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      // Subscribers send nothing after their header; anything else is ignored.
      io.netty.util.ReferenceCountUtil.release(message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      log.debug(
          "{}: subscriber {} connection failed: {}",
          topic.name(),
          LogText.quote(callerId),
          cause.toString());
      context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      ByteBuf message;
      while ((message = queue.pollFirst()) != null) {
        message.release();
      }
      log.debug("{}: subscriber {} disconnected", topic.name(), LogText.quote(callerId));
      context.fireChannelInactive();
    }
  }
}
