package dev.foresight.ros.xmlrpc;

import dev.foresight.core.LogText;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An XML-RPC client on Netty's HTTP codec: one connection per call, an absolute deadline on the
 * whole call (connecting, sending and the complete answer: a server that trickles its answer is cut
 * off all the same), and a bound on the response size. The connection is closed as soon as the
 * call's future completes, whether answered, failed, timed out or cancelled.
 */
public final class XmlRpcClient {
  /** Pipeline name of the HTTP codec. */
  public static final String HTTP_CODEC = "http-codec";

  /** Pipeline name of the response aggregator. */
  public static final String AGGREGATOR = "http-aggregator";

  /** Pipeline name of the response handler. */
  public static final String RESPONSE = "xmlrpc-response";

  private final EventLoopGroup group;
  private final Duration timeout;
  private final int maxResponseBytes;

  /**
   * @param group event loops for I/O (not owned)
   * @param timeout limit on a whole call, from connecting to the complete answer
   * @param maxResponseBytes largest response body accepted
   */
  public XmlRpcClient(EventLoopGroup group, Duration timeout, int maxResponseBytes) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.group = group;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * Calls a method. The future completes with the response value, or exceptionally with an {@link
   * XmlRpcFault} (the server's fault) or an {@link IOException} naming the URI (connection refused,
   * no complete answer within the timeout, HTTP error, malformed response). Cancelling it closes
   * the connection.
   */
  public CompletableFuture<Object> call(URI uri, String methodName, List<?> params) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    String host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    if (host == null) {
      result.completeExceptionally(new IOException("XML-RPC URI '" + uri + "' has no host"));
      return result;
    }
    byte[] body;
    try {
      body = XmlRpcCodec.encodeCall(methodName, params);
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(e);
      return result;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 60_000))
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(HTTP_CODEC, new HttpClientCodec())
                        .addLast(AGGREGATOR, new HttpObjectAggregator(maxResponseBytes))
                        .addLast(RESPONSE, new ResponseHandler(uri, methodName, result));
                  }
                });
    ChannelFuture connect;
    try {
      ScheduledFuture<?> deadline =
          group.schedule(
              () ->
                  result.completeExceptionally(
                      new IOException(
                          "no complete answer from "
                              + uri
                              + " to "
                              + methodName
                              + " within "
                              + timeout.toMillis()
                              + " ms")),
              timeout.toNanos(),
              TimeUnit.NANOSECONDS);
      result.whenComplete((value, failure) -> deadline.cancel(false));
      connect = bootstrap.connect(host, port);
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new IOException("cannot call " + methodName + " on " + uri + ": " + describe(e), e));
      return result;
    }
    result.whenComplete((value, failure) -> connect.channel().close());
    connect.addListener(
        future -> {
          if (!future.isSuccess()) {
            result.completeExceptionally(
                new IOException(
                    "cannot reach XML-RPC server "
                        + uri
                        + " ("
                        + methodName
                        + "): "
                        + describe(future.cause()),
                    future.cause()));
            return;
          }
          FullHttpRequest request =
              new DefaultFullHttpRequest(
                  HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(body));
          request.headers().set(HttpHeaderNames.HOST, host + ":" + port);
          request.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml");
          request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
          request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
          connect.channel().writeAndFlush(request);
        });
    return result;
  }

  /**
   * Calls a method and waits for the answer.
   *
   * @throws XmlRpcFault the server's fault
   * @throws IOException naming the URI when the server cannot be reached or answers badly
   */
  public Object callAndWait(URI uri, String methodName, List<?> params)
      throws XmlRpcFault, IOException {
    CompletableFuture<Object> future = call(uri, methodName, params);
    try {
      // The call has its own deadline; this one only guards against a stuck event loop.
      return future.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + methodName + " on " + uri, e);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new IOException("no answer from " + uri + " to " + methodName + " within " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof XmlRpcFault fault) {
        throw fault;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(methodName + " on " + uri + " failed: " + cause, cause);
    }
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown error";
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final URI uri;
    private final String methodName;
    private final CompletableFuture<Object> result;

    ResponseHandler(URI uri, String methodName, CompletableFuture<Object> result) {
      this.uri = uri;
      this.methodName = methodName;
      this.result = result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
      try {
        if (response.decoderResult().isFailure()) {
          result.completeExceptionally(
              new IOException(
                  "malformed HTTP response from " + uri + ": " + response.decoderResult().cause()));
        } else if (!HttpResponseStatus.OK.equals(response.status())) {
          result.completeExceptionally(
              new IOException(
                  "HTTP "
                      + response.status().code()
                      + " "
                      + LogText.quote(response.status().reasonPhrase())
                      + " from "
                      + uri
                      + " to "
                      + methodName));
        } else {
          try {
            result.complete(XmlRpcCodec.parseResponse(ByteBufUtil.getBytes(response.content())));
          } catch (XmlRpcFault fault) {
            if (fault.code() == XmlRpcFault.PARSE_ERROR) {
              result.completeExceptionally(
                  new IOException(
                      "malformed XML-RPC response from "
                          + uri
                          + ": "
                          + LogText.quote(fault.getMessage(), 200)));
            } else {
              result.completeExceptionally(fault);
            }
          }
        }
      } finally {
        context.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      result.completeExceptionally(
          new IOException(uri + " closed the connection before answering " + methodName));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      result.completeExceptionally(
          new IOException(methodName + " on " + uri + " failed: " + describe(cause), cause));
      context.close();
    }
  }
}
