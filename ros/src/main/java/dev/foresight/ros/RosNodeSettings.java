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
 */
public record RosNodeSettings(
    URI masterUri,
    NameResolver names,
    String advertisedHost,
    String bindHost,
    int maxMessageBytes,
    int maxXmlRpcBytes,
    Duration callTimeout,
    Duration retryInterval) {

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
  }

  /**
   * Settings with defaults: binds and advertises {@code host}, 64 MiB messages, 4 MiB XML-RPC, 5 s
   * calls, 1 s registration retries.
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
        retryInterval);
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
        retryInterval);
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
        newRetryInterval);
  }
}
