package dev.foresight.ros;

import dev.foresight.core.LogText;
import dev.foresight.ros.xmlrpc.XmlRpcClient;
import dev.foresight.ros.xmlrpc.XmlRpcFault;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ROS 1 master API (registration, graph queries) and parameter server API. Every call sends the
 * caller id first and unpacks the {@code [code, statusMessage, value]} answer; a code other than 1
 * or an unreachable master becomes a {@link RosException} naming the master, the call and the
 * reason.
 */
public final class MasterClient {
  private final XmlRpcClient client;
  private final URI masterUri;
  private final String callerId;

  /**
   * @param client XML-RPC client used for the calls
   * @param masterUri the master
   * @param callerId global name of the calling node
   */
  public MasterClient(XmlRpcClient client, URI masterUri, String callerId) {
    this.client = client;
    this.masterUri = masterUri;
    this.callerId = callerId;
  }

  /** The master's URI. */
  public URI masterUri() {
    return masterUri;
  }

  /** The graph state: topic → publisher node names, subscriber node names; service → providers. */
  public record SystemState(
      Map<String, List<String>> publishers,
      Map<String, List<String>> subscribers,
      Map<String, List<String>> services) {}

  /** Registers a publisher; returns the slave URIs of the topic's current subscribers. */
  public List<URI> registerPublisher(String topic, String type, URI callerApi) throws RosException {
    return uris(call("registerPublisher", topic, type, callerApi.toString()));
  }

  /** Unregisters a publisher; returns how many registrations were removed. */
  public int unregisterPublisher(String topic, URI callerApi) throws RosException {
    return integer(call("unregisterPublisher", topic, callerApi.toString()));
  }

  /** Registers a subscriber; returns the slave URIs of the topic's current publishers. */
  public List<URI> registerSubscriber(String topic, String type, URI callerApi)
      throws RosException {
    return uris(call("registerSubscriber", topic, type, callerApi.toString()));
  }

  /** Unregisters a subscriber; returns how many registrations were removed. */
  public int unregisterSubscriber(String topic, URI callerApi) throws RosException {
    return integer(call("unregisterSubscriber", topic, callerApi.toString()));
  }

  /** Registers a service provided at {@code serviceApi} ({@code rosrpc://host:port}). */
  public void registerService(String service, URI serviceApi, URI callerApi) throws RosException {
    call("registerService", service, serviceApi.toString(), callerApi.toString());
  }

  /** Unregisters a service; returns how many registrations were removed. */
  public int unregisterService(String service, URI serviceApi) throws RosException {
    return integer(call("unregisterService", service, serviceApi.toString()));
  }

  /** The slave URI of a node. */
  public URI lookupNode(String nodeName) throws RosException {
    Object value = call("lookupNode", nodeName);
    try {
      return new URI(String.valueOf(value));
    } catch (java.net.URISyntaxException e) {
      throw malformed("lookupNode", value);
    }
  }

  /** Published topics under {@code subgraph} ({@code ""} for all): topic → type. */
  public Map<String, String> getPublishedTopics(String subgraph) throws RosException {
    return pairs(call("getPublishedTopics", subgraph));
  }

  /** Every topic's type: topic → type. */
  public Map<String, String> getTopicTypes() throws RosException {
    return pairs(call("getTopicTypes"));
  }

  /** Publishers, subscribers and services of the whole graph. */
  public SystemState getSystemState() throws RosException {
    Object value = call("getSystemState");
    List<?> lists = list(value, "getSystemState");
    if (lists.size() != 3) {
      throw malformed("getSystemState", value);
    }
    return new SystemState(
        nameLists(lists.get(0)), nameLists(lists.get(1)), nameLists(lists.get(2)));
  }

  /** The master's own URI as it reports it. */
  public URI getUri() throws RosException {
    return URI.create(String.valueOf(call("getUri")));
  }

  /** The master's process id. */
  public int getPid() throws RosException {
    return integer(call("getPid"));
  }

  /** A parameter's value (XML-RPC value: String, Integer, Double, Boolean, List, Map). */
  public Object getParam(String key) throws RosException {
    return call("getParam", key);
  }

  /** Sets a parameter (a Map sets a whole namespace). */
  public void setParam(String key, Object value) throws RosException {
    call("setParam", key, value);
  }

  /** Deletes a parameter. */
  public void deleteParam(String key) throws RosException {
    call("deleteParam", key);
  }

  /** Whether a parameter exists. */
  public boolean hasParam(String key) throws RosException {
    return Boolean.TRUE.equals(call("hasParam", key));
  }

  /** The closest parameter named {@code key} up the caller's namespace, or null if none. */
  public String searchParam(String key) throws RosException {
    Object value = call("searchParam", key);
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  /** Names of every parameter. */
  public List<String> getParamNames() throws RosException {
    List<String> names = new ArrayList<>();
    for (Object name : list(call("getParamNames"), "getParamNames")) {
      names.add(String.valueOf(name));
    }
    return names;
  }

  /**
   * Subscribes {@code callerApi} to updates of a parameter (delivered as {@code paramUpdate}) and
   * returns its current value (an empty Map when it is not set).
   */
  public Object subscribeParam(URI callerApi, String key) throws RosException {
    return call("subscribeParam", callerApi.toString(), key);
  }

  /** Ends a parameter subscription. */
  public void unsubscribeParam(URI callerApi, String key) throws RosException {
    call("unsubscribeParam", callerApi.toString(), key);
  }

  /**
   * Calls a master method with the caller id prepended and returns the value of a successful
   * answer.
   *
   * @throws RosException naming the master, the method and the reason
   */
  public Object call(String method, Object... params) throws RosException {
    List<Object> all = new ArrayList<>(params.length + 1);
    all.add(callerId);
    all.addAll(List.of(params));
    return unpack(client, masterUri, "ROS master", method, all);
  }

  /**
   * Calls a ROS API method ({@code [code, status, value]} answer) on any node or master.
   *
   * @param what who is called, for messages (e.g. {@code ROS master} or a node name)
   */
  static Object unpack(
      XmlRpcClient client, URI uri, String what, String method, List<Object> params)
      throws RosException {
    Object answer;
    try {
      answer = client.callAndWait(uri, method, params);
    } catch (XmlRpcFault fault) {
      throw new RosException(
          what
              + " at "
              + uri
              + " answered "
              + method
              + " with fault "
              + fault.code()
              + ": "
              + LogText.quote(fault.getMessage(), 200),
          fault);
    } catch (IOException e) {
      throw new RosException(what + " at " + uri + " unreachable: " + e.getMessage(), e);
    }
    if (!(answer instanceof List<?> triple) || triple.size() != 3) {
      throw new RosException(
          what
              + " at "
              + uri
              + " answered "
              + method
              + " with "
              + LogText.quote(String.valueOf(answer), 200)
              + ", expected [code, status, value]");
    }
    Object code = triple.get(0);
    if (!Integer.valueOf(1).equals(code)) {
      throw new RosException(
          what
              + " at "
              + uri
              + " refused "
              + method
              + params
              + ": code "
              + LogText.quote(String.valueOf(code))
              + ", "
              + LogText.quote(String.valueOf(triple.get(1)), 200));
    }
    return triple.get(2);
  }

  private RosException malformed(String method, Object value) {
    return new RosException(
        "ROS master at "
            + masterUri
            + " answered "
            + method
            + " with unexpected value "
            + LogText.quote(String.valueOf(value), 200));
  }

  private List<?> list(Object value, String method) throws RosException {
    if (value instanceof List<?> list) {
      return list;
    }
    throw malformed(method, value);
  }

  private List<URI> uris(Object value) throws RosException {
    List<URI> uris = new ArrayList<>();
    for (Object item : list(value, "register")) {
      try {
        uris.add(new URI(String.valueOf(item)));
      } catch (java.net.URISyntaxException e) {
        throw new RosException(
            "ROS master at "
                + masterUri
                + " answered register with "
                + LogText.quote(String.valueOf(item))
                + ", expected a slave URI like http://HOST:PORT/");
      }
    }
    return uris;
  }

  private static int integer(Object value) {
    return value instanceof Integer i ? i : 0;
  }

  private Map<String, String> pairs(Object value) throws RosException {
    Map<String, String> map = new LinkedHashMap<>();
    for (Object item : list(value, "topics")) {
      List<?> pair = list(item, "topics");
      if (pair.size() != 2) {
        throw malformed("topics", value);
      }
      map.put(String.valueOf(pair.get(0)), String.valueOf(pair.get(1)));
    }
    return map;
  }

  private Map<String, List<String>> nameLists(Object value) throws RosException {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Object item : list(value, "getSystemState")) {
      List<?> pair = list(item, "getSystemState");
      if (pair.size() != 2) {
        throw malformed("getSystemState", value);
      }
      List<String> names = new ArrayList<>();
      for (Object name : list(pair.get(1), "getSystemState")) {
        names.add(String.valueOf(name));
      }
      map.put(String.valueOf(pair.get(0)), names);
    }
    return map;
  }
}
