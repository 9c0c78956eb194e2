package dev.foresight.ros.xmlrpc;

import dev.foresight.core.LogText;
import dev.foresight.ros.internal.ConnectionGuard;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link XmlRpcServer}'s last pipeline stage: one request at a time per connection, handled on
 * the server's handler thread, answered on the event loop; pipelined requests close the connection
 * after the answer in flight.
 */
final class XmlRpcDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcServer.class);

  private final XmlRpcHandler handler;
  private final AtomicLong faults;
  private final ExecutorService handlerThread;
  private final ConnectionGuard guard;
  private final Duration requestTimeout;
  // Touched only on the channel's event loop.
  private boolean busy;
  private boolean closeAfterAnswer;

  XmlRpcDispatcher(
      XmlRpcHandler handler,
      AtomicLong faults,
      ExecutorService handlerThread,
      ConnectionGuard guard,
      Duration requestTimeout) {
    this.handler = handler;
    this.faults = faults;
    this.handlerThread = handlerThread;
    this.guard = guard;
    this.requestTimeout = requestTimeout;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
    if (busy) {
      // Pipelined: answered no more; the connection closes after the answer in flight.
      closeAfterAnswer = true;
      return;
    }
    busy = true;
    guard.serving();
    context.channel().config().setAutoRead(false);
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

  /** Runs on the handler thread; the write is handed back to the I/O thread. */
  private void answer(ChannelHandlerContext context, byte[] body, boolean keepAlive) {
    byte[] answer = null;
    try {
      answer = respond(context, body);
    } finally {
      if (answer == null) {
        // Nothing to send (an Error escaped the handler): do not leave the connection waiting.
        context.close();
      } else {
        byte[] bytes = answer;
        context.executor().execute(() -> write(context, bytes, keepAlive));
      }
    }
  }

  private byte[] respond(ChannelHandlerContext context, byte[] body) {
    String methodName = "?";
    try {
      XmlRpcCall call = XmlRpcCodec.parseCall(body);
      methodName = call.methodName();
      return XmlRpcCodec.encodeResponse(handler.handle(call.methodName(), call.params()));
    } catch (XmlRpcFault fault) {
      faults.incrementAndGet();
      log.debug(
          "XML-RPC {} from {}: fault {} {}",
          LogText.quote(methodName),
          context.channel().remoteAddress(),
          fault.code(),
          LogText.quote(fault.getMessage(), 200));
      return XmlRpcCodec.encodeFault(fault.code(), fault.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      faults.incrementAndGet();
      log.warn(
          "XML-RPC {} failed: {}", LogText.quote(methodName), LogText.quote(e.toString(), 200));
      return XmlRpcCodec.encodeFault(
          XmlRpcFault.INTERNAL_ERROR, "method failed: " + e.getClass().getSimpleName());
    }
  }

  /** On the event loop: sends the answer, then reads the next request (or closes). */
  private void write(ChannelHandlerContext context, byte[] answer, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(answer));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml");
    HttpUtil.setContentLength(response, answer.length);
    boolean keep = keepAlive && !closeAfterAnswer;
    response
        .headers()
        .set(
            HttpHeaderNames.CONNECTION,
            keep ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    guard.deadline(requestTimeout, "answer", false);
    context
        .writeAndFlush(response)
        .addListener(
            (ChannelFutureListener)
                written -> {
                  guard.releaseHeld();
                  if (!written.isSuccess() || !keep || closeAfterAnswer) {
                    context.close();
                    return;
                  }
                  busy = false;
                  guard.deadlineFromNextByte(
                      requestTimeout, XmlRpcServer.KEEP_ALIVE_IDLE, "request");
                  context.channel().config().setAutoRead(true);
                });
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
