package dev.foresight.ros;

import dev.foresight.core.LogText;
import dev.foresight.ros.internal.Publication;
import dev.foresight.ros.internal.SlaveApi;
import dev.foresight.ros.internal.Subscription;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link RosNode} as its slave API sees it; also records who asked it to shut down. */
final class NodeSlave implements SlaveApi.Node {
  private static final Logger log = LoggerFactory.getLogger(RosNode.class);

  private final RosNode node;
  private final Map<String, Publication<?>> publications;
  private final Map<String, Subscription<?>> subscriptions;
  private final NodeParameters parameters;
  private final AtomicReference<String> shutdownRequest = new AtomicReference<>();

  /**
   * @param publications the node's publications by topic. Not modified.
   * @param subscriptions the node's subscriptions by topic. Not modified.
   */
  NodeSlave(
      RosNode node,
      Map<String, Publication<?>> publications,
      Map<String, Subscription<?>> subscriptions,
      NodeParameters parameters) {
    this.node = node;
    this.publications = publications;
    this.subscriptions = subscriptions;
    this.parameters = parameters;
  }

  /** The first shutdown request through the slave API, as one line, if there was one. */
  Optional<String> shutdownRequest() {
    return Optional.ofNullable(shutdownRequest.get());
  }

  @Override
  public String callerId() {
    return node.name();
  }

  @Override
  public URI masterUri() {
    return node.settings().masterUri();
  }

  @Override
  public String tcpRosHost() {
    return node.settings().advertisedHost();
  }

  @Override
  public int tcpRosPort() {
    return node.tcpRosPort();
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
    parameters.deliver(key, value);
  }

  @Override
  public void shutdownRequested(String callerId, String reason) {
    // Only the first request does anything: a flood of them costs a compare-and-set each.
    if (node.isClosed() || shutdownRequest.get() != null) {
      return;
    }
    String request =
        "asked to shut down by " + LogText.quote(callerId) + ": " + LogText.quote(reason, 200);
    if (!shutdownRequest.compareAndSet(null, request)) {
      return;
    }
    log.warn("node {} {}", node.name(), request);
    Thread closer = new Thread(node::close, "ros-shutdown " + node.name());
    closer.setDaemon(true);
    closer.start();
  }
}
