package dev.foresight.ros.xmlrpc;

import dev.foresight.ros.internal.ConnectionGuard;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An XML-RPC server on Netty's HTTP codec. Methods run on one handler thread, never on an I/O
 * thread, one call at a time in arrival order. What a client may cost is bounded ({@link Limits}):
 * a request larger than {@code maxRequestBytes} gets HTTP 413; each connection has at most one
 * request in flight (it is not read while its request waits or runs; a client that pipelines
 * requests gets its first answer, then the connection is closed); at most {@code maxConnections}
 * connections are held (when full, the oldest one that is not being served is closed to make room);
 * the bytes of requests held, from their first byte until their answer is written, stay within
 * {@code maxHeldBytes}, beyond which a request is answered HTTP 503 at once; a request must be
 * complete, and its answer taken, within {@code requestTimeout} (from connecting, or from the
 * request's first byte on a kept-alive connection), or the connection is closed. A request that is
 * not XML-RPC gets a fault response. A bad client never stops the server serving others.
 */
public final class XmlRpcServer implements AutoCloseable {
  /** Pipeline name of the HTTP codec. */
  public static final String HTTP_CODEC = "http-codec";

  /** Pipeline name of the request aggregator that bounds request size. */
  public static final String AGGREGATOR = "http-aggregator";

  /** Pipeline name of the connection guard: deadlines, connection cap, memory budget. */
  public static final String GUARD = ConnectionGuard.NAME;

  /** Pipeline name of the XML-RPC dispatcher. */
  public static final String DISPATCHER = "xmlrpc-dispatcher";

  /** How long a kept-alive connection may wait idle between requests. */
  public static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(XmlRpcServer.class);

  /**
   * What clients may cost the server.
   *
   * @param maxRequestBytes largest request body accepted, bytes
   * @param maxConnections most connections held at a time, at least 1
   * @param maxHeldBytes most bytes of requests held at a time over all connections (from a
   *     request's first byte until its answer is written), at least twice {@code maxRequestBytes}
   *     (requests larger than 64 KiB may use three quarters of it)
   * @param requestTimeout a request must be complete within this time from connecting (or from its
   *     first byte on a kept-alive connection), and its answer taken within it too
   */
  public record Limits(
      int maxRequestBytes, int maxConnections, long maxHeldBytes, Duration requestTimeout) {
    /** Checks every limit. */
    public Limits {
      if (maxRequestBytes <= 0) {
        throw new IllegalArgumentException(
            "maxRequestBytes must be positive, got " + maxRequestBytes);
      }
      if (maxConnections < 1) {
        throw new IllegalArgumentException(
            "maxConnections must be at least 1, got " + maxConnections);
      }
      if (maxHeldBytes < 2L * maxRequestBytes) {
        throw new IllegalArgumentException(
            "maxHeldBytes must be at least twice maxRequestBytes ("
                + 2L * maxRequestBytes
                + "), got "
                + maxHeldBytes);
      }
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "requestTimeout must be positive, got " + requestTimeout);
      }
    }

    /**
     * Limits for {@code maxRequestBytes} with defaults for the rest: 256 connections, 16 MiB (or
     * four requests, if more) held, 10 s per request.
     */
    public static Limits of(int maxRequestBytes) {
      return new Limits(
          maxRequestBytes, 256, Math.max(16L << 20, 4L * maxRequestBytes), Duration.ofSeconds(10));
    }
  }

  private final Channel serverChannel;
  private final io.netty.channel.group.ChannelGroup children;
  private final ExecutorService handlerThread;
  private final AtomicLong faults;
  private final ConnectionGuard.Server guards;

  private XmlRpcServer(
      Channel serverChannel,
      io.netty.channel.group.ChannelGroup children,
      ExecutorService handlerThread,
      AtomicLong faults,
      ConnectionGuard.Server guards) {
    this.serverChannel = serverChannel;
    this.children = children;
    this.handlerThread = handlerThread;
    this.faults = faults;
    this.guards = guards;
  }

  /**
   * Binds and starts a server with {@link Limits#of(int)}.
   *
   * @param group event loops for I/O (not owned: closing the server leaves it running)
   * @param bindHost address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port TCP port, 0 for an ephemeral one
   * @param maxRequestBytes largest request body accepted
   * @param handler serves the methods
   * @throws InterruptedException if interrupted while binding
   * @throws java.io.IOException naming the address when binding fails
   */
  public static XmlRpcServer start(
      EventLoopGroup group, String bindHost, int port, int maxRequestBytes, XmlRpcHandler handler)
      throws InterruptedException, java.io.IOException {
    return start(group, bindHost, port, Limits.of(maxRequestBytes), handler);
  }

  /**
   * Binds and starts a server.
   *
   * @param group event loops for I/O (not owned: closing the server leaves it running)
   * @param bindHost address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port TCP port, 0 for an ephemeral one
   * @param limits what clients may cost the server
   * @param handler serves the methods
   * @throws InterruptedException if interrupted while binding
   * @throws java.io.IOException naming the address when binding fails
   */
  public static XmlRpcServer start(
      EventLoopGroup group, String bindHost, int port, Limits limits, XmlRpcHandler handler)
      throws InterruptedException, java.io.IOException {
    // One request in flight per connection and a bounded number of connections bound the queue.
    ExecutorService handlerThread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(limits.maxConnections() + 16),
            runnable -> {
              Thread thread = new Thread(runnable, "xmlrpc-handler");
              thread.setDaemon(true);
              return thread;
            });
    io.netty.channel.group.ChannelGroup children =
        new io.netty.channel.group.DefaultChannelGroup(
            io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    AtomicLong faults = new AtomicLong();
    ConnectionGuard.Server guards =
        new ConnectionGuard.Server(
            "XML-RPC server on " + bindHost,
            log,
            limits.maxConnections(),
            limits.maxHeldBytes(),
            XmlRpcServer::refusal);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    children.add(channel);
                    ConnectionGuard guard = guards.newGuard(limits.requestTimeout(), "request");
                    channel
                        .pipeline()
                        .addLast(GUARD, guard)
                        .addLast(HTTP_CODEC, new HttpServerCodec(4096, 8192, 8192))
                        .addLast(
                            AGGREGATOR, new HttpObjectAggregator(limits.maxRequestBytes(), true))
                        .addLast(
                            DISPATCHER,
                            new XmlRpcDispatcher(
                                handler, faults, handlerThread, guard, limits.requestTimeout()));
                  }
                });
    Channel channel;
    try {
      channel = bootstrap.bind(bindHost, port).sync().channel();
    } catch (Exception e) {
      handlerThread.shutdownNow();
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new java.io.IOException(
          "cannot bind XML-RPC server to " + bindHost + ":" + port + ": " + e.getMessage(), e);
    }
    return new XmlRpcServer(channel, children, handlerThread, faults, guards);
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Number of requests answered with a fault since start (parse errors included). */
  public long faultCount() {
    return faults.get();
  }

  /** Connections held now. */
  public int openConnectionCount() {
    return guards.openCount();
  }

  /** Most connections held at once since start. */
  public int peakConnectionCount() {
    return guards.peakOpenCount();
  }

  /** Bytes of requests held now (from their first byte until their answer is written). */
  public long heldBytes() {
    return guards.heldBytes();
  }

  /** Most bytes of requests held at once since start. */
  public long peakHeldBytes() {
    return guards.peakHeldBytes();
  }

  /**
   * Stops accepting connections, answers the requests the handler already took (for at most a
   * second), then closes the connections and stops the handler thread.
   */
  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    // Requests already taken get their answers (a slave-API shutdown is answered before the node
    // goes away, as rosnode expects): the handler finishes what it holds, for at most a second,
    // and its writes reach the I/O threads before the connections close.
    handlerThread.shutdown();
    try {
      handlerThread.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    handlerThread.shutdownNow();
  }

  private static final byte[] SERVICE_UNAVAILABLE =
      ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private static final byte[] REQUEST_TIMEOUT =
      ("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private static ByteBuf refusal(
      ByteBufAllocator allocator,
      ConnectionGuard.Refusal refusal,
      String detail,
      boolean midRequest) {
    log.debug("XML-RPC connection refused: {}", detail);
    byte[] answer =
        switch (refusal) {
          case CAPACITY, MEMORY -> SERVICE_UNAVAILABLE;
          case DEADLINE -> midRequest ? REQUEST_TIMEOUT : null;
        };
    return answer == null ? null : allocator.buffer(answer.length).writeBytes(answer);
  }
}
