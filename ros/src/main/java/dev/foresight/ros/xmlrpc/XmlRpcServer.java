package dev.foresight.ros.xmlrpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An XML-RPC server on Netty's HTTP codec. Requests are bounded in size (larger ones get HTTP 413
 * and the connection is closed); a request that is not XML-RPC gets a fault response; methods run
 * on one handler thread, never on an I/O thread. A bad client never stops the server serving
 * others.
 */
public final class XmlRpcServer implements AutoCloseable {
  /** Pipeline name of the HTTP codec. */
  public static final String HTTP_CODEC = "http-codec";

  /** Pipeline name of the request aggregator that bounds request size. */
  public static final String AGGREGATOR = "http-aggregator";

  /** Pipeline name of the idle-connection timeout. */
  public static final String IDLE_TIMEOUT = "idle-timeout";

  /** Pipeline name of the XML-RPC dispatcher. */
  public static final String DISPATCHER = "xmlrpc-dispatcher";

  private static final Logger log = LoggerFactory.getLogger(XmlRpcServer.class);
  private static final int IDLE_SECONDS = 60;

  private final Channel serverChannel;
  private final io.netty.channel.group.ChannelGroup children;
  private final ExecutorService handlerThread;
  private final AtomicLong faults;

  private XmlRpcServer(
      Channel serverChannel,
      io.netty.channel.group.ChannelGroup children,
      ExecutorService handlerThread,
      AtomicLong faults) {
    this.serverChannel = serverChannel;
    this.children = children;
    this.handlerThread = handlerThread;
    this.faults = faults;
  }

  /**
   * Binds and starts a server.
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
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be positive, got " + maxRequestBytes);
    }
    ExecutorService handlerThread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            runnable -> {
              Thread thread = new Thread(runnable, "xmlrpc-handler");
              thread.setDaemon(true);
              return thread;
            });
    io.netty.channel.group.ChannelGroup children =
        new io.netty.channel.group.DefaultChannelGroup(
            io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    AtomicLong faults = new AtomicLong();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    children.add(channel);
                    channel
                        .pipeline()
                        .addLast(IDLE_TIMEOUT, new ReadTimeoutHandler(IDLE_SECONDS))
                        .addLast(HTTP_CODEC, new HttpServerCodec(4096, 8192, 8192))
                        .addLast(AGGREGATOR, new HttpObjectAggregator(maxRequestBytes, true))
                        .addLast(DISPATCHER, new Dispatcher(handler, faults, handlerThread));
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
    XmlRpcServer server = new XmlRpcServer(channel, children, handlerThread, faults);
    return server;
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Number of requests answered with a fault since start (parse errors included). */
  public long faultCount() {
    return faults.get();
  }

  /** Stops accepting connections and stops the handler thread. */
  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    children.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    handlerThread.shutdownNow();
  }

  private static final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final XmlRpcHandler handler;
    private final AtomicLong faults;
    private final ExecutorService handlerThread;

    Dispatcher(XmlRpcHandler handler, AtomicLong faults, ExecutorService handlerThread) {
      this.handler = handler;
      this.faults = faults;
      this.handlerThread = handlerThread;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
      if (request.decoderResult().isFailure()) {
        sendStatus(context, HttpResponseStatus.BAD_REQUEST);
        return;
      }
      if (!HttpMethod.POST.equals(request.method())) {
        sendStatus(context, HttpResponseStatus.METHOD_NOT_ALLOWED);
        return;
      }
      byte[] body = ByteBufUtil.getBytes(request.content());
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      try {
        handlerThread.execute(() -> answer(context, body, keepAlive));
      } catch (RejectedExecutionException e) {
        sendStatus(context, HttpResponseStatus.SERVICE_UNAVAILABLE);
      }
    }

    /** Runs on the handler thread; the write is handed back to the I/O thread by Netty. */
    private void answer(ChannelHandlerContext context, byte[] body, boolean keepAlive) {
      byte[] answer;
      String methodName = "?";
      try {
        XmlRpcCall call = XmlRpcCodec.parseCall(body);
        methodName = call.methodName();
        answer = XmlRpcCodec.encodeResponse(handler.handle(call.methodName(), call.params()));
      } catch (XmlRpcFault fault) {
        countFault();
        log.debug(
            "XML-RPC {} from {}: fault {} {}",
            methodName,
            context.channel().remoteAddress(),
            fault.code(),
            fault.getMessage());
        answer = XmlRpcCodec.encodeFault(fault.code(), fault.getMessage());
      } catch (RuntimeException e) {
        countFault();
        log.warn("XML-RPC {} failed: {}", methodName, e.toString());
        answer = XmlRpcCodec.encodeFault(XmlRpcFault.INTERNAL_ERROR, e.toString());
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(answer));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml");
      HttpUtil.setContentLength(response, answer.length);
      if (keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        context.writeAndFlush(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    private void countFault() {
      faults.incrementAndGet();
    }

    private static void sendStatus(ChannelHandlerContext context, HttpResponseStatus status) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
      HttpUtil.setContentLength(response, 0);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      log.debug(
          "XML-RPC connection {} closed: {}", context.channel().remoteAddress(), cause.toString());
      context.close();
    }
  }
}
