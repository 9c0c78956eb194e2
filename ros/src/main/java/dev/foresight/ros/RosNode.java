package dev.foresight.ros;

import dev.foresight.core.LogText;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
  private final ScheduledExecutorService registrar;
  private final Map<String, Publication<?>> publications = new ConcurrentHashMap<>();
  private final Map<String, Subscription<?>> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, List<ParameterListener>> parameterListeners = new ConcurrentHashMap<>();
  private final List<Runnable> shutdownListeners = new CopyOnWriteArrayList<>();
  private final Set<String> parameterRefreshes = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> shutdownRequest = new AtomicReference<>();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private TcpRosServer tcpRosServer;
  private XmlRpcServer slaveServer;
  private URI slaveUri;
  private volatile String lastMasterError;
  private volatile boolean closed;

  private RosNode(RosNodeSettings settings) {
    this.settings = settings;
    this.group =
        new MultiThreadIoEventLoopGroup(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)),
            NioIoHandler.newFactory());
    this.xmlRpcClient = new XmlRpcClient(group, settings.callTimeout(), settings.maxXmlRpcBytes());
    this.master = new MasterClient(xmlRpcClient, settings.masterUri(), settings.names().nodeName());
    this.registrar =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ros-registrar " + settings.names().nodeName());
              thread.setDaemon(true);
              return thread;
            });
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
              new SlaveApi(node.new SlaveNode(), limits.maxPublishersPerTopic()));
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
    return Optional.ofNullable(lastMasterError);
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
    registerPublisher(publication);
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
    registerSubscriber(subscription);
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
    String key = canonicalKey(names().resolve(name));
    parameterListeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
    return master.subscribeParam(slaveUri, key);
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
    return Optional.ofNullable(shutdownRequest.get());
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
    registrar.shutdownNow();
    List<Publication<?>> closing = new ArrayList<>(publications.values());
    for (Publication<?> publication : closing) {
      publication.close();
    }
    for (Subscription<?> subscription : new ArrayList<>(subscriptions.values())) {
      subscription.close();
    }
    for (String key : parameterListeners.keySet()) {
      try {
        if (lastMasterError == null && slaveUri != null) {
          master.unsubscribeParam(slaveUri, key);
        }
      } catch (RosException e) {
        log.debug("unsubscribeParam {}: {}", key, e.getMessage());
      }
    }
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

  private void registerPublisher(Publication<?> publication) {
    try {
      master.registerPublisher(
          publication.topic().name(), publication.topic().type().typeName(), slaveUri);
      publication.setRegistered(true);
      lastMasterError = null;
    } catch (RosException e) {
      masterFailed("advertise " + publication.topic().name(), e);
      scheduleRetry(() -> registerPublisher(publication), publication::isClosed);
    }
  }

  private void registerSubscriber(Subscription<?> subscription) {
    try {
      List<URI> publishers =
          master.registerSubscriber(
              subscription.topic().name(), subscription.topic().type().typeName(), slaveUri);
      subscription.setRegistered(true);
      lastMasterError = null;
      subscription.updatePublishers(publishers);
    } catch (RosException e) {
      masterFailed("subscribe " + subscription.topic().name(), e);
      scheduleRetry(
          () -> registerSubscriber(subscription),
          () -> subscriptions.get(subscription.topic().name()) != subscription);
    }
  }

  private void masterFailed(String what, RosException e) {
    boolean first = lastMasterError == null;
    lastMasterError = "cannot " + what + ": " + e.getMessage();
    if (first) {
      log.error(
          "{}; node {} keeps running and retries every {} ms",
          lastMasterError,
          name(),
          settings.retryInterval().toMillis());
    } else {
      log.debug("{}", lastMasterError);
    }
  }

  private void scheduleRetry(Runnable task, java.util.function.BooleanSupplier cancelled) {
    if (closed) {
      return;
    }
    try {
      registrar.schedule(
          () -> {
            if (!closed && !cancelled.getAsBoolean()) {
              task.run();
            }
          },
          settings.retryInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void unadvertise(Publication<?> publication) {
    publications.remove(publication.topic().name(), publication);
    if (publication.isRegistered() && slaveUri != null) {
      try {
        master.unregisterPublisher(publication.topic().name(), slaveUri);
      } catch (RosException e) {
        log.debug("unregisterPublisher {}: {}", publication.topic().name(), e.getMessage());
      }
    }
  }

  private void unsubscribe(Subscription<?> subscription) {
    subscriptions.remove(subscription.topic().name(), subscription);
    if (subscription.isRegistered() && slaveUri != null) {
      try {
        master.unregisterSubscriber(subscription.topic().name(), slaveUri);
      } catch (RosException e) {
        log.debug("unregisterSubscriber {}: {}", subscription.topic().name(), e.getMessage());
      }
    }
  }

  private static String canonicalKey(String key) {
    String k = key;
    while (k.length() > 1 && k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    return k;
  }

  /** Delivers a parameter update to listeners of the key, of its ancestors and descendants. */
  private void deliverParameter(String rawKey, Object value) {
    String key = canonicalKey(rawKey);
    for (Map.Entry<String, List<ParameterListener>> entry : parameterListeners.entrySet()) {
      String subscribed = entry.getKey();
      Object delivered;
      if (subscribed.equals(key)) {
        delivered = value;
      } else if (subscribed.startsWith(GraphNames.join(key, ""))) {
        // The update replaced an ancestor namespace: pick our part out of it.
        delivered = value;
        for (String part : subscribed.substring(key.length() + 1).split("/")) {
          delivered =
              delivered instanceof Map<?, ?> map && map.containsKey(part)
                  ? map.get(part)
                  : Map.of();
        }
      } else if (key.startsWith(GraphNames.join(subscribed, ""))) {
        refreshParameter(subscribed, key, entry.getValue());
        continue;
      } else {
        continue;
      }
      notify(subscribed, delivered, entry.getValue());
    }
  }

  /**
   * Reads a subscribed parameter again from the master (a key below it changed) on the registrar
   * thread, not on the slave API's handler thread, which a slow master would stall. Updates that
   * arrive while a read is queued share it: a flood of them costs one read.
   */
  private void refreshParameter(String subscribed, String changedKey, List<ParameterListener> to) {
    if (!parameterRefreshes.add(subscribed)) {
      return;
    }
    try {
      registrar.execute(
          () -> {
            parameterRefreshes.remove(subscribed);
            try {
              notify(subscribed, master.getParam(subscribed), to);
            } catch (RosException e) {
              log.warn(
                  "parameter {} changed below {} but cannot be read: {}",
                  LogText.quote(changedKey),
                  subscribed,
                  e.getMessage());
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      parameterRefreshes.remove(subscribed);
    }
  }

  private static void notify(String subscribed, Object value, List<ParameterListener> listeners) {
    for (ParameterListener listener : listeners) {
      try {
        listener.onUpdate(subscribed, value);
      } catch (RuntimeException e) {
        log.warn("parameter listener of {} failed: {}", subscribed, e.toString());
      }
    }
  }

  /** The node as the slave API sees it. */
  private final class SlaveNode implements SlaveApi.Node {
    @Override
    public String callerId() {
      return name();
    }

    @Override
    public URI masterUri() {
      return settings.masterUri();
    }

    @Override
    public String tcpRosHost() {
      return settings.advertisedHost();
    }

    @Override
    public int tcpRosPort() {
      return RosNode.this.tcpRosPort();
    }

    @Override
    public Collection<Publication<?>> publications() {
      return publications.values();
    }

    @Override
    public Collection<Subscription<?>> subscriptions() {
      return subscriptions.values();
    }

    @Override
    public Publication<?> publication(String topic) {
      return publications.get(topic);
    }

    @Override
    public Subscription<?> subscription(String topic) {
      return subscriptions.get(topic);
    }

    @Override
    public void parameterUpdated(String key, Object value) {
      deliverParameter(key, value);
    }

    @Override
    public void shutdownRequested(String callerId, String reason) {
      // Only the first request does anything: a flood of them costs a compare-and-set each.
      if (closed || shutdownRequest.get() != null) {
        return;
      }
      String request =
          "asked to shut down by " + LogText.quote(callerId) + ": " + LogText.quote(reason, 200);
      if (!shutdownRequest.compareAndSet(null, request)) {
        return;
      }
      log.warn("node {} {}", name(), request);
      Thread closer = new Thread(RosNode.this::close, "ros-shutdown " + name());
      closer.setDaemon(true);
      closer.start();
    }
  }
}
