package dev.foresight.view;

import io.netty.buffer.ByteBuf;
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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The view's HTTP side: {@code GET /} answers the page, {@code GET /socket} is passed on to the
 * WebSocket handshake. With a token every request must carry it ({@code ?token=}, compared in
 * constant time); a WebSocket handshake from a page of another origin is refused. Anything else is
 * a one-line error and the connection closes; other browsers are not affected.
 */
final class ViewHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String NAME = "view-http";
  static final String SOCKET_PATH = "/socket";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
          + " img-src blob:; connect-src 'self'; frame-ancestors 'none'";

  private final byte[] page;
  private final byte[] token;

  ViewHttpHandler(byte[] page, String token) {
    super(false);
    this.page = page;
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    try {
      if (!request.decoderResult().isSuccess()) {
        respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n");
        return;
      }
      if (!HttpMethod.GET.equals(request.method())) {
        respond(
            ctx,
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            "method " + request.method() + " is not served, expected GET\n");
        return;
      }
      QueryStringDecoder query = new QueryStringDecoder(request.uri());
      if (!tokenMatches(query)) {
        respond(
            ctx,
            HttpResponseStatus.FORBIDDEN,
            "token missing or wrong: open the address with ?token=<the bridge token>\n");
        return;
      }
      switch (query.path()) {
        case "/", "/index.html" -> respond(ctx, HttpResponseStatus.OK, page, "text/html");
        case SOCKET_PATH -> {
          if (!sameOrigin(request)) {
            respond(
                ctx,
                HttpResponseStatus.FORBIDDEN,
                "WebSocket from origin "
                    + request.headers().get(HttpHeaderNames.ORIGIN)
                    + " refused, expected the view's own page\n");
            return;
          }
          ctx.fireChannelRead(request.retain());
        }
        default ->
            respond(
                ctx,
                HttpResponseStatus.NOT_FOUND,
                "no such page: " + query.path() + ", expected / or " + SOCKET_PATH + "\n");
      }
    } finally {
      request.release();
    }
  }

  private boolean tokenMatches(QueryStringDecoder query) {
    if (token.length == 0) {
      return true;
    }
    List<String> given = query.parameters().get("token");
    return given != null
        && given.size() == 1
        && MessageDigest.isEqual(given.get(0).getBytes(StandardCharsets.UTF_8), token);
  }

  /** No Origin (not a browser page) or one whose host and port are the Host header's. */
  private static boolean sameOrigin(FullHttpRequest request) {
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin == null) {
      return true;
    }
    String host = request.headers().get(HttpHeaderNames.HOST);
    try {
      URI uri = new URI(origin);
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host != null && authority != null && authority.equalsIgnoreCase(host);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
    respond(ctx, status, text.getBytes(StandardCharsets.UTF_8), "text/plain");
  }

  private static void respond(
      ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, String type) {
    ByteBuf content = Unpooled.wrappedBuffer(body);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    // The page may load nothing from elsewhere and may not be framed by another site.
    response.headers().set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    response.headers().set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
