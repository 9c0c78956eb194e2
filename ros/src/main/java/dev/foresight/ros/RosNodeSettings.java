package dev.foresight.ros;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a {@link RosNode} needs to join a graph. {@code launch} builds it from the command
 * line ({@link NodeArguments}), the environment ({@code ROS_MASTER_URI}, {@code ROS_IP}, {@code
 * ROS_HOSTNAME}, {@code ROS_NAMESPACE}) and the configuration file.
 *
 * @param masterUri XML-RPC URI of the master
 * @param names resolves this node's names (namespace, node name, remappings)
 * @param advertisedHost host name or address other nodes use to reach this node
 * @param bindHost address the node's servers bind to ({@code 0.0.0.0} for all)
 * @param maxMessageBytes largest TCPROS message accepted from a publisher, bytes
 * @param maxXmlRpcBytes largest XML-RPC request or response accepted, bytes
 * @param callTimeout limit on each XML-RPC call (to the master or another node)
 * @param retryInterval wait between attempts to register with an unreachable master
 * @param limits what peers may cost the node: deadlines, connection caps, memory held
 */
public record RosNodeSettings(
    URI masterUri,
    NameResolver names,
    String advertisedHost,
    String bindHost,
    int maxMessageBytes,
    int maxXmlRpcBytes,
    Duration callTimeout,
    Duration retryInterval,
    Limits limits) {

  /**
   * What other nodes (or anyone who can reach the node's ports) may cost it. Each of the node's two
   * servers (slave XML-RPC API and TCPROS) holds at most {@code maxConnections} connections and at
   * most {@code maxHeldBytes} of partly received requests and connection headers; when full, the
   * oldest connection that is not being served is closed to make room, and a request beyond the
   * memory budget is refused at once (HTTP 503, or a TCPROS error header). Every wait on a peer has
   * an absolute deadline, however slowly its bytes trickle in; an established TCPROS message stream
   * that is simply quiet is never closed.
   *
   * @param handshakeTimeout a TCPROS connection header must be complete within this time from
   *     connecting, on the publisher's side and on the subscriber's side
   * @param requestTimeout an XML-RPC request must be complete within this time from connecting (or
   *     from its first byte on a kept-alive connection), and its answer taken within it too
   * @param maxConnections most connections each server holds at a time, at least 1
   * @param maxHeldBytes most bytes of partly received requests and headers each server holds, at
   *     least twice {@code maxXmlRpcBytes}
   * @param maxPublishersPerTopic most publishers a subscription connects to; a {@code
   *     publisherUpdate} listing more is refused
   */
  public record Limits(
      Duration handshakeTimeout,
      Duration requestTimeout,
      int maxConnections,
      long maxHeldBytes,
      int maxPublishersPerTopic) {

    /**
     * Defaults: 10 s handshakes and requests, 256 connections and 16 MiB held per server, 100
     * publishers per topic.
     */
    public static final Limits DEFAULTS =
        new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 256, 16L << 20, 100);

    /** Checks every limit. */
    public Limits {
      requirePositive(handshakeTimeout, "handshakeTimeout");
      requirePositive(requestTimeout, "requestTimeout");
      if (maxConnections < 1) {
        throw new IllegalArgumentException(
            "maxConnections must be at least 1, got " + maxConnections);
      }
      if (maxHeldBytes < 1) {
        throw new IllegalArgumentException("maxHeldBytes must be positive, got " + maxHeldBytes);
      }
      if (maxPublishersPerTopic < 1) {
        throw new IllegalArgumentException(
            "maxPublishersPerTopic must be at least 1, got " + maxPublishersPerTopic);
      }
    }

    /** A copy with other deadlines. */
    public Limits withTimeouts(Duration newHandshakeTimeout, Duration newRequestTimeout) {
      return new Limits(
          newHandshakeTimeout,
          newRequestTimeout,
          maxConnections,
          maxHeldBytes,
          maxPublishersPerTopic);
    }

    /** A copy with another connection cap and memory budget per server. */
    public Limits withCapacity(int newMaxConnections, long newMaxHeldBytes) {
      return new Limits(
          handshakeTimeout,
          requestTimeout,
          newMaxConnections,
          newMaxHeldBytes,
          maxPublishersPerTopic);
    }

    private static void requirePositive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + duration);
      }
    }
  }

  /** Default cap on one TCPROS message: 64 MiB (a 4K rgb8 frame is 25 MB). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;

  /** Default cap on an XML-RPC document: 4 MiB. */
  public static final int DEFAULT_MAX_XMLRPC_BYTES = 4 << 20;

  /** Checks every setting. */
  public RosNodeSettings {
    if (masterUri == null || masterUri.getHost() == null || masterUri.getPort() <= 0) {
      throw new IllegalArgumentException(
          "ROS master URI '" + masterUri + "' is not valid, expected http://HOST:PORT");
    }
    if (names == null) {
      throw new IllegalArgumentException("a name resolver must be given");
    }
    if (advertisedHost == null || advertisedHost.isBlank()) {
      throw new IllegalArgumentException(
          "advertised host must be given, got '" + advertisedHost + "'");
    }
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bind host must be given, got '" + bindHost + "'");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "maxMessageBytes must be at least 1024, got " + maxMessageBytes);
    }
    if (maxXmlRpcBytes < 1024) {
      throw new IllegalArgumentException(
          "maxXmlRpcBytes must be at least 1024, got " + maxXmlRpcBytes);
    }
    if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
    if (retryInterval == null || retryInterval.isNegative() || retryInterval.isZero()) {
      throw new IllegalArgumentException("retryInterval must be positive, got " + retryInterval);
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must be given");
    }
    if (limits.maxHeldBytes() < 2L * maxXmlRpcBytes) {
      throw new IllegalArgumentException(
          "limits.maxHeldBytes must be at least twice maxXmlRpcBytes ("
              + 2L * maxXmlRpcBytes
              + "), got "
              + limits.maxHeldBytes());
    }
  }

  /** Settings with {@link Limits#DEFAULTS}. */
  public RosNodeSettings(
      URI masterUri,
      NameResolver names,
      String advertisedHost,
      String bindHost,
      int maxMessageBytes,
      int maxXmlRpcBytes,
      Duration callTimeout,
      Duration retryInterval) {
    this(
        masterUri,
        names,
        advertisedHost,
        bindHost,
        maxMessageBytes,
        maxXmlRpcBytes,
        callTimeout,
        retryInterval,
        Limits.DEFAULTS);
  }

  /**
   * Settings with defaults: binds and advertises {@code host}, 64 MiB messages, 4 MiB XML-RPC, 5 s
   * calls, 1 s registration retries, {@link Limits#DEFAULTS}.
   *
   * @param masterUri the master
   * @param nodeName node name, relative (put in the root namespace) or global
   * @param host address to bind and advertise, e.g. {@code 127.0.0.1}
   */
  public static RosNodeSettings of(URI masterUri, String nodeName, String host) {
    return new RosNodeSettings(
        masterUri,
        NameResolver.of("/", nodeName, Map.of()),
        host,
        host,
        DEFAULT_MAX_MESSAGE_BYTES,
        DEFAULT_MAX_XMLRPC_BYTES,
        Duration.ofSeconds(5),
        Duration.ofSeconds(1));
  }

  /** A copy with another name resolver. */
  public RosNodeSettings withNames(NameResolver newNames) {
    return new RosNodeSettings(
        masterUri,
        newNames,
        advertisedHost,
        bindHost,
        maxMessageBytes,
        maxXmlRpcBytes,
        callTimeout,
        retryInterval,
        limits);
  }

  /** A copy with another message size cap. */
  public RosNodeSettings withMaxMessageBytes(int bytes) {
    return new RosNodeSettings(
        masterUri,
        names,
        advertisedHost,
        bindHost,
        bytes,
        maxXmlRpcBytes,
        callTimeout,
        retryInterval,
        limits);
  }

  /** A copy with another call timeout and retry interval. */
  public RosNodeSettings withTimeouts(Duration newCallTimeout, Duration newRetryInterval) {
    return new RosNodeSettings(
        masterUri,
        names,
        advertisedHost,
        bindHost,
        maxMessageBytes,
        maxXmlRpcBytes,
        newCallTimeout,
        newRetryInterval,
        limits);
  }

  /** A copy with other limits on what peers may cost the node. */
  public RosNodeSettings withLimits(Limits newLimits) {
    return new RosNodeSettings(
        masterUri,
        names,
        advertisedHost,
        bindHost,
        maxMessageBytes,
        maxXmlRpcBytes,
        callTimeout,
        retryInterval,
        newLimits);
  }
}
