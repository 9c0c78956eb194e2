package dev.foresight.ros.internal;

import dev.foresight.ros.MessageListener;
import dev.foresight.ros.RosSubscriber;
import dev.foresight.ros.Topic;
import dev.foresight.ros.xmlrpc.XmlRpcClient;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  private final Topic<T> topic;
  final MessageListener<T> listener;
  final EventLoopGroup group;
  final XmlRpcClient client;
  final String callerId;
  private final int maxMessageBytes;
  final Duration handshakeTimeout;
  private final int maxPublishers;
  private final Consumer<Subscription<T>> onClose;
  private final Map<URI, PublisherLink<T>> links = new ConcurrentHashMap<>();
  final AtomicLong received = new AtomicLong();
  final AtomicLong bytesReceived = new AtomicLong();
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
    return PublisherUris.check(value);
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
        PublisherLink<T> link = links.remove(uri);
        if (link != null) {
          link.close();
        }
      }
    }
    for (URI uri : wanted) {
      links.computeIfAbsent(
          uri,
          key -> {
            PublisherLink<T> link = new PublisherLink<>(this, key);
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
    for (PublisherLink<T> link : links.values()) {
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
    for (PublisherLink<T> link : links.values()) {
      stats.add(List.of(link.id, (int) link.bytes, 0, link.connected));
    }
    return stats;
  }

  /** Connection info for {@code getBusInfo}. */
  public List<Object> connectionInfo() {
    List<Object> info = new ArrayList<>();
    for (PublisherLink<T> link : links.values()) {
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
    for (PublisherLink<T> link : links.values()) {
      link.close();
    }
    links.clear();
    onClose.accept(this);
  }

  FrameAssembler frameDecoder() {
    return new FrameAssembler(TcpRosServer.MAX_HEADER_BYTES, maxMessageBytes);
  }

  Map<String, String> requestHeader() {
    Map<String, String> header = new LinkedHashMap<>();
    header.put("callerid", callerId);
    header.put("md5sum", topic.type().md5());
    header.put("message_definition", topic.type().definition());
    header.put("tcp_nodelay", "1");
    header.put("topic", topic.name());
    header.put("type", topic.type().typeName());
    return header;
  }

  /** Whether {@code link} is still this open subscription's connection to {@code uri}. */
  boolean follows(URI uri, PublisherLink<T> link) {
    return !closed && links.get(uri) == link;
  }
}
