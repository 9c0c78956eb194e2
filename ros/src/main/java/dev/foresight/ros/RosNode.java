package dev.foresight.ros;

import dev.foresight.ros.internal.MessageBufferPool;
import dev.foresight.ros.internal.Publication;
import dev.foresight.ros.internal.SlaveApi;
import dev.foresight.ros.internal.Subscription;
import dev.foresight.ros.internal.TcpRosServer;
import dev.foresight.ros.xmlrpc.XmlRpcClient;
import dev.foresight.ros.xmlrpc.XmlRpcServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ROS 1 node: serves the slave XML-RPC API and a TCPROS server, registers its publishers and
 * subscribers with the master, and reads and subscribes parameters.
 *
 * <p>An unreachable master does not stop the node: registration is retried in the background every
 * {@link RosNodeSettings#retryInterval()}, {@link #lastMasterError()} says why it failed, and the
 * node's servers keep running. Call {@link #close()} to unregister and stop.
 *
 * <p>What peers may cost the node is bounded by {@link RosNodeSettings#limits()}: deadlines on
 * every handshake and request, connection caps and memory budgets on both servers, a cap on the
 * publishers each subscription follows. ROS 1 has no authentication: anyone who can reach the
 * node's ports can call its slave API (including {@code shutdown}) and subscribe to its topics, so
 * bind to loopback or a trusted network.
 */
public final class RosNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RosNode.class);

  /** Longest wait in {@link #close()} for published messages to reach subscribers, ms. */
  private static final long FLUSH_MILLIS = 2000;

  private final RosNodeSettings settings;
  private final EventLoopGroup group;

  /** Recycles the buffers messages are serialised into (shared by all publications). */
  private final MessageBufferPool messageBuffers = new MessageBufferPool(16);

  private final XmlRpcClient xmlRpcClient;
  private final MasterClient master;
  private final MasterRegistrar registrar;
  private final NodeParameters parameters;
  private final NodeSlave slave;
  private final Map<String, Publication<?>> publications = new ConcurrentHashMap<>();
  private final Map<String, Subscription<?>> subscriptions = new ConcurrentHashMap<>();
  private final List<Runnable> shutdownListeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private TcpRosServer tcpRosServer;
  private XmlRpcServer slaveServer;
  private URI slaveUri;
  private volatile boolean closed;

  private RosNode(RosNodeSettings settings) {
    this.settings = settings;
    this.group =
        new MultiThreadIoEventLoopGroup(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)),
            NioIoHandler.newFactory());
    this.xmlRpcClient = new XmlRpcClient(group, settings.callTimeout(), settings.maxXmlRpcBytes());
    this.master = new MasterClient(xmlRpcClient, settings.masterUri(), settings.names().nodeName());
    this.registrar = new MasterRegistrar(master, settings, () -> closed);
    this.parameters = new NodeParameters(master, registrar.executor());
    this.slave = new NodeSlave(this, publications, subscriptions, parameters);
  }

  /**
   * Starts the node's servers. Does not contact the master: that happens when advertising or
   * subscribing.
   *
   * @throws IOException naming the address when a server cannot bind
   */
  public static RosNode start(RosNodeSettings settings) throws IOException, InterruptedException {
    RosNode node = new RosNode(settings);
    RosNodeSettings.Limits limits = settings.limits();
    try {
      node.tcpRosServer =
          TcpRosServer.start(
              node.group,
              settings.bindHost(),
              node.name(),
              node.publications::get,
              limits.handshakeTimeout(),
              limits.maxConnections(),
              limits.maxHeldBytes());
      node.slaveServer =
          XmlRpcServer.start(
              node.group,
              settings.bindHost(),
              0,
              new XmlRpcServer.Limits(
                  settings.maxXmlRpcBytes(),
                  limits.maxConnections(),
                  limits.maxHeldBytes(),
                  limits.requestTimeout()),
              new SlaveApi(node.slave, limits.maxPublishersPerTopic()));
    } catch (IOException | InterruptedException | RuntimeException e) {
      node.close();
      throw e;
    }
    node.slaveUri =
        URI.create(
            "http://"
                + settings.advertisedHost()
                + ":"
                + node.slaveServer.localAddress().getPort()
                + "/");
    log.info(
        "node {} up: slave API {}, master {}", node.name(), node.slaveUri, settings.masterUri());
    return node;
  }

  /** The node's global name. */
  public String name() {
    return settings.names().nodeName();
  }

  /** The node's settings. */
  public RosNodeSettings settings() {
    return settings;
  }

  /** Resolves this node's graph names. */
  public NameResolver names() {
    return settings.names();
  }

  /** URI of this node's slave XML-RPC API. */
  public URI slaveUri() {
    return slaveUri;
  }

  /** Port of this node's TCPROS server. */
  public int tcpRosPort() {
    return tcpRosServer.localAddress().getPort();
  }

  /** The master API, calling as this node. */
  public MasterClient master() {
    return master;
  }

  /** The XML-RPC client this node calls with. */
  public XmlRpcClient xmlRpcClient() {
    return xmlRpcClient;
  }

  /** Why the last call to the master failed, if the latest one failed. */
  public Optional<String> lastMasterError() {
    return Optional.ofNullable(registrar.lastMasterError());
  }

  /** TCPROS connections refused so far (bad header, unknown topic, wrong md5). */
  public long refusedConnectionCount() {
    return tcpRosServer.refusedCount();
  }

  /** XML-RPC requests answered with a fault so far (e.g. garbage requests). */
  public long xmlRpcFaultCount() {
    return slaveServer.faultCount();
  }

  /** The slave API's server, for its counters in tests. */
  XmlRpcServer slaveServer() {
    return slaveServer;
  }

  /** The TCPROS server, for its counters in tests. */
  TcpRosServer tcpRosServer() {
    return tcpRosServer;
  }

  /**
   * Advertises a topic.
   *
   * @param topic topic; its name is resolved in this node's namespace and remapped
   * @param latch whether new subscribers get the last message
   * @param queueSize messages queued per subscriber before the oldest are dropped, at least 1
   * @throws IllegalStateException if this node already publishes the topic
   */
  public <T> RosPublisher<T> advertise(Topic<T> topic, boolean latch, int queueSize) {
    requireOpen();
    Topic<T> resolved = new Topic<>(names().resolve(topic.name()), topic.type());
    Publication<T> publication =
        new Publication<>(resolved, latch, queueSize, messageBuffers, this::unadvertise);
    if (publications.putIfAbsent(resolved.name(), publication) != null) {
      throw new IllegalStateException(name() + " already publishes " + resolved.name());
    }
    registrar.registerPublisher(publication, slaveUri);
    return publication;
  }

  /**
   * Subscribes to a topic.
   *
   * @param topic topic; its name is resolved in this node's namespace and remapped
   * @param listener receives each message on an I/O thread (must return quickly)
   * @throws IllegalStateException if this node already subscribes the topic
   */
  public <T> RosSubscriber<T> subscribe(Topic<T> topic, MessageListener<T> listener) {
    requireOpen();
    Topic<T> resolved = new Topic<>(names().resolve(topic.name()), topic.type());
    Subscription<T> subscription =
        new Subscription<>(
            resolved,
            listener,
            group,
            xmlRpcClient,
            name(),
            settings.maxMessageBytes(),
            settings.limits().handshakeTimeout(),
            settings.limits().maxPublishersPerTopic(),
            this::unsubscribe);
    if (subscriptions.putIfAbsent(resolved.name(), subscription) != null) {
      throw new IllegalStateException(name() + " already subscribes " + resolved.name());
    }
    registrar.registerSubscriber(
        subscription, slaveUri, () -> subscriptions.get(resolved.name()) != subscription);
    return subscription;
  }

  /**
   * Reads a parameter; the name is resolved ({@code ~x} is private to this node).
   *
   * @throws RosException if the master is unreachable or the parameter is not set
   */
  public Object getParameter(String name) throws RosException {
    return master.getParam(names().resolve(name));
  }

  /** Sets a parameter; the name is resolved. */
  public void setParameter(String name, Object value) throws RosException {
    master.setParam(names().resolve(name), value);
  }

  /**
   * Subscribes to a parameter and returns its current value (an empty Map when it is not set).
   *
   * @throws RosException if the master is unreachable
   */
  public Object subscribeParameter(String name, ParameterListener listener) throws RosException {
    return parameters.subscribe(names().resolve(name), listener, slaveUri);
  }

  /**
   * Runs {@code listener} when the node starts to close, whether asked through the slave API's
   * {@code shutdown} (e.g. {@code rosnode kill}) or by {@link #close()}, before its publishers and
   * subscribers are closed: a listener may still publish a last message (e.g. a zero twist), which
   * is flushed to connected subscribers before their connections close. Listeners run once, in the
   * order registered, on the closing thread, and should return within a second or so; one that
   * throws is logged and the others still run.
   */
  public void onShutdown(Runnable listener) {
    shutdownListeners.add(listener);
  }

  /**
   * Who asked the node to shut down through the slave API and why, as one line with their texts
   * quoted and shortened ({@code asked to shut down by '/rosnode': 'user request'}), if someone
   * did.
   */
  public Optional<String> shutdownRequest() {
    return slave.shutdownRequest();
  }

  /** Waits until the node is closed; returns false if the timeout passed first. */
  public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
    return closedLatch.await(timeout, unit);
  }

  /** Whether the node is closed. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Runs the {@link #onShutdown} listeners, then unregisters every publisher and subscriber (best
   * effort) and stops the node's servers. Messages already published are flushed to connected
   * subscribers first (for at most 2 s).
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (Runnable listener : shutdownListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("shutdown listener failed: {}", e.toString());
      }
    }
    registrar.shutdown();
    List<Publication<?>> closing = new ArrayList<>(publications.values());
    for (Publication<?> publication : closing) {
      publication.close();
    }
    for (Subscription<?> subscription : new ArrayList<>(subscriptions.values())) {
      subscription.close();
    }
    parameters.unsubscribeAll(slaveUri, registrar.lastMasterError() == null);
    long flushDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
    for (Publication<?> publication : closing) {
      publication.awaitSubscribersClosed(
          Math.max(0, TimeUnit.NANOSECONDS.toMillis(flushDeadline - System.nanoTime())));
    }
    if (slaveServer != null) {
      slaveServer.close();
    }
    if (tcpRosServer != null) {
      tcpRosServer.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    messageBuffers.clear();
    closedLatch.countDown();
    log.info("node {} closed", name());
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("node " + name() + " is closed");
    }
  }

  private void unadvertise(Publication<?> publication) {
    publications.remove(publication.topic().name(), publication);
    registrar.unregisterPublisher(publication, slaveUri);
  }

  private void unsubscribe(Subscription<?> subscription) {
    subscriptions.remove(subscription.topic().name(), subscription);
    registrar.unregisterSubscriber(subscription, slaveUri);
  }
}
