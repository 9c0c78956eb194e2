package dev.foresight.ros.internal;

import dev.foresight.core.LogText;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCPROS server of a node: accepts subscriber connections, checks their connection header
 * against the node's publications and hands good ones to their {@link Publication}. A malformed or
 * oversized header, an unknown topic or a wrong md5 sum gets a header with an {@code error} field,
 * then the connection is closed; the server keeps serving everyone else. What peers may cost is
 * bounded by a {@link ConnectionGuard}: the header must be complete within {@code handshakeTimeout}
 * of connecting however slowly it trickles in, at most {@code maxConnections} connections are held
 * (subscribers included; when full, the oldest connection still in its handshake is closed to make
 * room), and headers being received hold at most {@code maxHeldBytes} together. An established
 * subscriber connection has no deadline: a quiet topic is fine.
 */
public final class TcpRosServer implements AutoCloseable {
  /** Pipeline name of the length-prefixed frame decoder. */
  public static final String FRAME_DECODER = "tcpros-frame-decoder";

  /** Pipeline name of the connection guard: handshake deadline, connection cap, memory budget. */
  public static final String GUARD = ConnectionGuard.NAME;

  /** Pipeline name of the publisher-side handshake. */
  public static final String HANDSHAKE = "tcpros-publisher-handshake";

  /** Pipeline name of a subscriber connection's queue. */
  public static final String PUBLISHER_LINK = "tcpros-subscriber-link";

  /** Largest connection header accepted from a subscriber, bytes. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(TcpRosServer.class);

  private final Channel serverChannel;
  private final AtomicLong refused;
  private final ConnectionGuard.Server guards;

  private TcpRosServer(Channel serverChannel, AtomicLong refused, ConnectionGuard.Server guards) {
    this.serverChannel = serverChannel;
    this.refused = refused;
    this.guards = guards;
  }

  /**
   * Binds and starts the server.
   *
   * @param group event loops (not owned)
   * @param bindHost address to bind
   * @param callerId this node's name, sent in answers
   * @param publications finds the publication of a resolved topic name, or null
   * @param handshakeTimeout a subscriber's header must be complete within this time of connecting
   * @param maxConnections most connections held at a time, subscribers included
   * @param maxHeldBytes most bytes of connection headers being received, over all connections
   * @throws IOException naming the address when binding fails
   */
  public static TcpRosServer start(
      EventLoopGroup group,
      String bindHost,
      String callerId,
      Function<String, Publication<?>> publications,
      Duration handshakeTimeout,
      int maxConnections,
      long maxHeldBytes)
      throws IOException, InterruptedException {
    AtomicLong refused = new AtomicLong();
    ConnectionGuard.Server guards =
        new ConnectionGuard.Server(
            "TCPROS server of " + callerId,
            log,
            maxConnections,
            maxHeldBytes,
            (allocator, refusal, detail, midRequest) -> {
              refused.incrementAndGet();
              log.debug("TCPROS connection refused: {}", detail);
              return ConnectionHeader.encode(allocator, Map.of("error", detail));
            });
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // A small kernel send buffer keeps backlog in the drop-oldest queue, where a slow
            // subscriber loses old frames instead of receiving stale ones late.
            .childOption(ChannelOption.SO_SNDBUF, 256 << 10)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    ConnectionGuard guard = guards.newGuard(handshakeTimeout, "connection header");
                    channel
                        .pipeline()
                        .addLast(GUARD, guard)
                        .addLast(FRAME_DECODER, frameDecoder(MAX_HEADER_BYTES))
                        .addLast(
                            HANDSHAKE,
                            new Handshake(callerId, publications, refused, guard, guards));
                  }
                });
    try {
      return new TcpRosServer(bootstrap.bind(bindHost, 0).sync().channel(), refused, guards);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot bind TCPROS server to " + bindHost + ": " + e.getMessage(), e);
    }
  }

  /** A decoder of 4-byte little-endian length-prefixed frames of at most {@code maxBytes}. */
  public static LengthFieldBasedFrameDecoder frameDecoder(int maxBytes) {
    return new LengthFieldBasedFrameDecoder(
        ByteOrder.LITTLE_ENDIAN, maxBytes + 4, 0, 4, 0, 4, true);
  }

  /** The bound address. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /**
   * Connections refused since start: bad header, unknown topic, wrong md5, header not complete in
   * time, no room or memory left.
   */
  public long refusedCount() {
    return refused.get();
  }

  /** Connections held now, in their handshake or established. */
  public int openConnectionCount() {
    return guards.openCount();
  }

  /** Most connections held at once since start. */
  public int peakConnectionCount() {
    return guards.peakOpenCount();
  }

  /** Bytes of connection headers being received now. */
  public long heldBytes() {
    return guards.heldBytes();
  }

  /** Most bytes of connection headers held at once since start. */
  public long peakHeldBytes() {
    return guards.peakHeldBytes();
  }

  /** Connections in their handshake closed to make room for newer ones since start. */
  public long evictedCount() {
    return guards.evictedCount();
  }

  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /** Reads the subscriber's header and either hands the connection over or refuses it. */
  private static final class Handshake extends SimpleChannelInboundHandler<ByteBuf> {
    private final String callerId;
    private final Function<String, Publication<?>> publications;
    private final AtomicLong refused;
    private final ConnectionGuard guard;
    private final ConnectionGuard.Server guards;
    private boolean done;

    Handshake(
        String callerId,
        Function<String, Publication<?>> publications,
        AtomicLong refused,
        ConnectionGuard guard,
        ConnectionGuard.Server guards) {
      this.callerId = callerId;
      this.publications = publications;
      this.refused = refused;
      this.guard = guard;
      this.guards = guards;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
      Map<String, String> fields;
      try {
        fields = ConnectionHeader.decode(frame);
      } catch (IllegalArgumentException e) {
        refuse(context, e.getMessage());
        return;
      }
      if (fields.containsKey("service")) {
        refuse(context, "node " + callerId + " provides no services");
        return;
      }
      String topic = fields.get("topic");
      if (topic == null) {
        refuse(context, "connection header has no topic field");
        return;
      }
      Publication<?> publication = publications.apply(topic);
      if (publication == null || publication.isClosed()) {
        refuse(context, "node " + callerId + " does not publish " + LogText.quote(topic));
        return;
      }
      // From here on the topic is ours: only the subscriber's own fields need quoting.
      String md5 = fields.get("md5sum");
      String expected = publication.topic().type().md5();
      if (md5 == null) {
        refuse(context, "connection header for " + topic + " has no md5sum field");
        return;
      }
      if (!"*".equals(md5) && !md5.equals(expected)) {
        refuse(
            context,
            "md5sum mismatch on "
                + topic
                + ": subscriber "
                + LogText.quote(fields.getOrDefault("callerid", "?"))
                + " expects "
                + LogText.quote(fields.getOrDefault("type", "?"))
                + " ["
                + LogText.quote(md5)
                + "], publisher sends "
                + publication.topic().type().typeName()
                + " ["
                + expected
                + "]");
        return;
      }
      done = true;
      guard.established();
      String subscriber = fields.getOrDefault("callerid", "unknown");
      Channel channel = context.channel();
      channel
          .writeAndFlush(
              ConnectionHeader.encode(context.alloc(), publication.responseHeader(callerId)))
          .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      context.pipeline().remove(this);
      publication.addSubscriber(channel, subscriber);
      // Subscribers send nothing after their header: later bytes go to the link, which drops them.
      if (channel.pipeline().get(FRAME_DECODER) != null) {
        channel.pipeline().remove(FRAME_DECODER);
      }
    }

    private void refuse(ChannelHandlerContext context, String error) {
      if (done) {
        context.close();
        return;
      }
      done = true;
      refused.incrementAndGet();
      guard.serving();
      guards.warn("refused a connection from " + context.channel().remoteAddress() + ": " + error);
      context
          .writeAndFlush(ConnectionHeader.encode(context.alloc(), Map.of("error", error)))
          .addListener(ChannelFutureListener.CLOSE);
      context.channel().config().setAutoRead(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
      if (done) {
        io.netty.util.ReferenceCountUtil.release(message);
        return;
      }
      super.channelRead(context, message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      if (cause instanceof TooLongFrameException
          || cause.getCause() instanceof TooLongFrameException) {
        refuse(
            context,
            "connection header larger than " + MAX_HEADER_BYTES + " bytes: " + cause.getMessage());
      } else {
        log.debug(
            "TCPROS connection from {} failed: {}",
            context.channel().remoteAddress(),
            cause.toString());
        context.close();
      }
    }
  }
}
