package dev.foresight.ros.internal;

import dev.foresight.core.LogText;
import dev.foresight.ros.xmlrpc.XmlRpcFault;
import dev.foresight.ros.xmlrpc.XmlRpcHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The slave XML-RPC API every ROS 1 node serves: {@code requestTopic}, {@code publisherUpdate},
 * {@code paramUpdate}, {@code getBusStats}, {@code getBusInfo}, {@code getPid}, {@code
 * getPublications}, {@code getSubscriptions}, {@code getMasterUri}, {@code shutdown}. Answers are
 * {@code [code, statusMessage, value]}; parameters of the wrong count or type get code -1 and a
 * one-line message naming the parameter, the bad value (quoted and shortened) and what was
 * expected; unknown methods get an XML-RPC fault. A {@code publisherUpdate} may list at most the
 * subscription's {@link Subscription#maxPublishers()} publishers, each {@code http://HOST:PORT/}.
 */
public final class SlaveApi implements XmlRpcHandler {
  /** What the slave API needs from its node. */
  public interface Node {
    /** The node's global name. */
    String callerId();

    /** The master the node registers with. */
    URI masterUri();

    /** Host advertised for TCPROS connections. */
    String tcpRosHost();

    /** Port of the node's TCPROS server. */
    int tcpRosPort();

    /** Current publications. */
    Collection<Publication<?>> publications();

    /** Current subscriptions. */
    Collection<Subscription<?>> subscriptions();

    /** The publication of a resolved topic, or null. */
    Publication<?> publication(String topic);

    /** The subscription of a resolved topic, or null. */
    Subscription<?> subscription(String topic);

    /** A subscribed parameter changed. */
    void parameterUpdated(String key, Object value);

    /**
     * Someone asked the node to shut down. Called for every {@code shutdown} call, so it must be
     * idempotent and cheap; the texts are as received (untrusted, any length).
     */
    void shutdownRequested(String callerId, String reason);
  }

  private final Node node;
  private final int maxPublishersUnsubscribed;

  /**
   * @param node the node served
   * @param maxPublishersUnsubscribed most publishers a {@code publisherUpdate} may list for a topic
   *     the node does not subscribe
   */
  public SlaveApi(Node node, int maxPublishersUnsubscribed) {
    this.node = node;
    this.maxPublishersUnsubscribed = maxPublishersUnsubscribed;
  }

  @Override
  public Object handle(String methodName, List<Object> params) throws XmlRpcFault {
    try {
      return switch (methodName) {
        case "getMasterUri" -> ok(node.masterUri().toString());
        case "getPid" -> ok((int) ProcessHandle.current().pid());
        case "getPublications" -> ok(topicTypes(node.publications(), true));
        case "getSubscriptions" -> ok(topicTypes(node.subscriptions(), false));
        case "getBusStats" -> ok(busStats());
        case "getBusInfo" -> ok(busInfo());
        case "requestTopic" -> requestTopic(params);
        case "publisherUpdate" -> publisherUpdate(params);
        case "paramUpdate" -> {
          requireCount(params, 3, "paramUpdate(caller_id, key, value)");
          node.parameterUpdated(string(params, 1, "key"), params.get(2));
          yield ok(0);
        }
        case "shutdown" -> {
          String reason = params.size() > 1 ? String.valueOf(params.get(1)) : "";
          node.shutdownRequested(params.isEmpty() ? "?" : String.valueOf(params.get(0)), reason);
          yield ok(0);
        }
        default ->
            throw new XmlRpcFault(
                XmlRpcFault.METHOD_NOT_FOUND,
                "method " + LogText.quote(methodName) + " is not part of the ROS slave API");
      };
    } catch (BadParameter e) {
      return List.of(-1, methodName + ": " + e.getMessage(), 0);
    }
  }

  private Object requestTopic(List<Object> params) throws BadParameter {
    requireCount(params, 3, "requestTopic(caller_id, topic, protocols)");
    String topic = string(params, 1, "topic");
    if (!(params.get(2) instanceof List<?> protocols)) {
      throw new BadParameter(
          "protocols must be a list like [[\"TCPROS\"]], got " + quote(params.get(2)));
    }
    Publication<?> publication = node.publication(topic);
    if (publication == null || publication.isClosed()) {
      return List.of(
          -1, "node " + node.callerId() + " does not publish " + LogText.quote(topic), List.of());
    }
    for (Object protocol : protocols) {
      if (protocol instanceof List<?> fields
          && !fields.isEmpty()
          && "TCPROS".equals(fields.get(0))) {
        return List.of(
            1,
            "ready on " + node.tcpRosHost() + ":" + node.tcpRosPort(),
            List.of("TCPROS", node.tcpRosHost(), node.tcpRosPort()));
      }
    }
    return List.of(0, "no supported protocol in " + quote(protocols) + ", only TCPROS", List.of());
  }

  private Object publisherUpdate(List<Object> params) throws BadParameter {
    requireCount(params, 3, "publisherUpdate(caller_id, topic, publishers)");
    String topic = string(params, 1, "topic");
    if (!(params.get(2) instanceof List<?> publishers)) {
      throw new BadParameter("publishers must be a list of URIs, got " + quote(params.get(2)));
    }
    Subscription<?> subscription = node.subscription(topic);
    int max = subscription != null ? subscription.maxPublishers() : maxPublishersUnsubscribed;
    if (publishers.size() > max) {
      throw new BadParameter(
          publishers.size()
              + " publishers listed for "
              + LogText.quote(topic)
              + ", expected at most "
              + max);
    }
    List<URI> uris = new ArrayList<>(publishers.size());
    for (Object publisher : publishers) {
      try {
        uris.add(Subscription.publisherUri(publisher));
      } catch (IllegalArgumentException e) {
        throw new BadParameter(e.getMessage());
      }
    }
    if (subscription != null) {
      subscription.updatePublishers(uris);
    }
    return ok(0);
  }

  private List<Object> topicTypes(Collection<?> endpoints, boolean publications) {
    List<Object> list = new ArrayList<>();
    for (Object endpoint : endpoints) {
      if (publications) {
        Publication<?> publication = (Publication<?>) endpoint;
        list.add(List.of(publication.topic().name(), publication.topic().type().typeName()));
      } else {
        Subscription<?> subscription = (Subscription<?>) endpoint;
        list.add(List.of(subscription.topic().name(), subscription.topic().type().typeName()));
      }
    }
    return list;
  }

  private List<Object> busStats() {
    List<Object> publishStats = new ArrayList<>();
    for (Publication<?> publication : node.publications()) {
      publishStats.add(
          List.of(
              publication.topic().name(),
              (int) publication.publishedCount(),
              publication.connectionStats()));
    }
    List<Object> subscribeStats = new ArrayList<>();
    for (Subscription<?> subscription : node.subscriptions()) {
      subscribeStats.add(List.of(subscription.topic().name(), subscription.connectionStats()));
    }
    return List.of(publishStats, subscribeStats, List.of(0, 0, 0));
  }

  private List<Object> busInfo() {
    List<Object> info = new ArrayList<>();
    for (Publication<?> publication : node.publications()) {
      info.addAll(publication.connectionInfo());
    }
    for (Subscription<?> subscription : node.subscriptions()) {
      info.addAll(subscription.connectionInfo());
    }
    return info;
  }

  private static List<Object> ok(Object value) {
    return List.of(1, "", value);
  }

  private static void requireCount(List<Object> params, int count, String signature)
      throws BadParameter {
    if (params.size() != count) {
      throw new BadParameter("expected " + signature + ", got " + params.size() + " parameter(s)");
    }
  }

  private static String string(List<Object> params, int index, String name) throws BadParameter {
    if (params.get(index) instanceof String s) {
      return s;
    }
    throw new BadParameter(name + " must be a string, got " + quote(params.get(index)));
  }

  private static String quote(Object value) {
    return LogText.quote(String.valueOf(value));
  }

  /** A parameter of the wrong type or count. */
  private static final class BadParameter extends Exception {
    private static final long serialVersionUID = 1L;

    BadParameter(String message) {
      super(message);
    }
  }
}
