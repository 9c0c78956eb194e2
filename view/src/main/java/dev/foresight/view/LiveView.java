package dev.foresight.view;

import dev.foresight.bridge.AgentState;
import dev.foresight.bridge.AgentWelcome;
import dev.foresight.core.Image;
import dev.foresight.runtime.ControlTick;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view: serves one self-contained page over HTTP and pushes a running loop's state to each
 * browser over a WebSocket — the newest camera frame and the goal image (PNG), energy and planning
 * time per step, the planned actions and the path they imply over the workspace box, and the bridge
 * agent's arm state; the page's STOP button sends a stop through the bridge as an observer session,
 * which the agent latches like any operator stop.
 *
 * <p>The control loop only hands each tick to {@link #listener()}, which records it without locks;
 * a publisher thread encodes at most {@link ViewOptions#frameRateHz()} updates per second, and each
 * browser's event loop takes the newest one only while its socket is writable: a slow browser
 * misses updates, nothing queues, and the loop never waits.
 */
public final class LiveView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);

  /** Names of the view's threads start with this (its cost can be measured per thread). */
  public static final String THREAD_PREFIX = "foresight-view-";

  /** Bytes a browser's socket may hold unsent before its updates are dropped. */
  static final int WRITE_BUFFER_HIGH_BYTES = 256 * 1024;

  private static final int WRITE_BUFFER_LOW_BYTES = 64 * 1024;
  private static final int MAX_REQUEST_BYTES = 16 * 1024;
  private static final int MAX_SOCKET_FRAME_BYTES = 4 * 1024;

  private final ViewOptions options;
  private final EventLoopGroup group;
  private final Channel server;
  private final ChannelGroup connections;
  private final TickRecorder recorder;
  private final ArmWatch arm = new ArmWatch();
  private final Set<ClientSlot> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService publisher;
  private final double[] energies = new double[TickRecorder.PLOTTED];
  private final double[] planningMillis = new double[TickRecorder.PLOTTED];

  // Publisher thread only, except the latest values a joining browser starts from (volatile).
  private long publishedStep = Long.MIN_VALUE;
  private long publishedArmSequence = -1;
  private Image publishedFrame;
  private Image publishedGoal;
  private volatile byte[] latestCamera;
  private volatile byte[] latestGoal;
  private volatile String latestState;
  private volatile boolean joinedSincePublish;

  private LiveView(
      ViewOptions options, EventLoopGroup group, Channel server, ChannelGroup connections) {
    this.options = options;
    this.group = group;
    this.server = server;
    this.connections = connections;
    long periodNanos = Math.round(1e9 / options.frameRateHz());
    this.recorder = new TickRecorder(periodNanos);
    this.publisher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, THREAD_PREFIX + "publisher");
              thread.setDaemon(true);
              thread.setPriority(Thread.MIN_PRIORITY);
              return thread;
            });
    publisher.scheduleAtFixedRate(this::publishSafely, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Binds the server and starts publishing.
   *
   * @throws IllegalStateException naming the address when it cannot be bound (e.g. in use)
   */
  public static LiveView start(ViewOptions options) {
    byte[] page = page(options);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory(THREAD_PREFIX + "io", true), NioIoHandler.newFactory());
    LiveView[] view = new LiveView[1];
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ViewSocketHandler.Clients hooks =
        new ViewSocketHandler.Clients() {
          @Override
          public void joined(ClientSlot slot) {
            view[0].joined(slot);
          }

          @Override
          public void left(ClientSlot slot) {
            view[0].clients.remove(slot);
          }

          @Override
          public String stop(String reason) {
            return view[0].arm.stop(reason);
          }
        };
    WebSocketServerProtocolConfig socket =
        WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(ViewHttpHandler.SOCKET_PATH)
            .checkStartsWith(true)
            .maxFramePayloadLength(MAX_SOCKET_FRAME_BYTES)
            .handleCloseFrames(true)
            .build();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(WRITE_BUFFER_LOW_BYTES, WRITE_BUFFER_HIGH_BYTES))
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    connections.add(channel);
                    channel
                        .pipeline()
                        .addLast("http-codec", new HttpServerCodec())
                        .addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(ViewHttpHandler.NAME, new ViewHttpHandler(page, options.token()))
                        .addLast("websocket", new WebSocketServerProtocolHandler(socket))
                        .addLast(ViewSocketHandler.NAME, new ViewSocketHandler(hooks));
                  }
                });
    Channel server;
    try {
      server = bootstrap.bind(options.host(), options.port()).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "live view: cannot listen on "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "), expected a free port",
          e);
    }
    view[0] = new LiveView(options, group, server, connections);
    LOG.debug("live view on {}", view[0].url());
    return view[0];
  }

  /** What the control tick calls ({@link ControlTick#setListener}); never blocks. */
  public ControlTick.Listener listener() {
    return recorder;
  }

  /**
   * Watches the bridge agent at {@code host:port} as an observer (arm state, STOP), replacing any
   * agent watched before.
   *
   * @param token the bridge token, empty for none
   * @param ssl the client's TLS context, or null for plain TCP
   */
  public void watchAgent(String host, int port, String token, SslContext ssl) {
    arm.watch(host, port, token, ssl);
  }

  /**
   * Shows browsers how the loop ended: waits (at most {@code timeout}) for an agent state sampled
   * after this call, sends an update at once and waits for the browsers' sockets to take it. Call
   * it when a loop or episode ends, before its agent goes away (e.g. the arm held after a STOP).
   */
  public void publishFinal(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    AgentState before = arm.state();
    if (before != null) {
      long sequence = before.sequence();
      while (System.nanoTime() < deadline) {
        AgentState now = arm.state();
        if (now == null || now.sequence() > sequence + 1) {
          break;
        }
        Thread.sleep(2);
      }
    }
    try {
      publisher
          .submit(this::publishSafely)
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      LOG.debug("live view: no final update ({})", e.toString());
      return;
    }
    while (pendingBytes() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  /** The address the view listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /**
   * The page's address; with a token, {@code ?token=} and the token must be appended (it is not
   * written here, so that it never reaches a log).
   */
  public String url() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "http://" + host + ":" + address().getPort() + "/";
  }

  /** Whether every request must carry the token ({@code ?token=}). */
  public boolean tokenRequired() {
    return !options.token().isEmpty();
  }

  /** Browsers connected now. */
  int clientCount() {
    return clients.size();
  }

  /** Bytes written to browsers' sockets and not yet taken, over all browsers. */
  long pendingBytes() {
    return clients.stream().mapToLong(ClientSlot::pendingBytes).sum();
  }

  /** Updates dropped for slow browsers so far, over the browsers connected now. */
  long droppedUpdates() {
    return clients.stream().mapToLong(ClientSlot::dropped).sum();
  }

  private void joined(ClientSlot slot) {
    clients.add(slot);
    slot.offer(latestState, latestCamera, latestGoal);
    joinedSincePublish = true;
  }

  private void publishSafely() {
    try {
      publish();
    } catch (RuntimeException e) {
      // The view must never take the loop down: log, and try again at the next period.
      LOG.warn("live view: an update failed: {}", e.toString());
    }
  }

  /** Encodes what changed since the last update and offers it to every browser. */
  private void publish() {
    if (clients.isEmpty()) {
      // Nobody watches: encode nothing. What changed meanwhile goes out once a browser joins.
      return;
    }
    TickRecorder.Tick tick = recorder.latest();
    AgentState state = arm.state();
    long step = tick == null ? -1 : tick.step();
    long armSequence = state == null ? -1 : state.sequence();
    boolean joined = joinedSincePublish;
    joinedSincePublish = false;
    if (!joined && step == publishedStep && armSequence == publishedArmSequence) {
      return;
    }
    publishedStep = step;
    publishedArmSequence = armSequence;
    byte[] camera = null;
    byte[] goal = null;
    if (tick != null && tick.frame() != publishedFrame) {
      publishedFrame = tick.frame();
      camera = Png.encode(tick.frame());
      latestCamera = camera;
    }
    if (tick != null && tick.goalImage() != null && tick.goalImage() != publishedGoal) {
      publishedGoal = tick.goalImage();
      goal = Png.encode(tick.goalImage());
      latestGoal = goal;
    }
    int count = tick == null ? 0 : recorder.tail(tick, energies, planningMillis);
    AgentWelcome welcome = arm.welcome();
    String json =
        StateJson.of(tick, energies, planningMillis, count, state, welcome, arm.agentAddress());
    latestState = json;
    for (ClientSlot slot : clients) {
      slot.offer(json, camera, goal);
    }
  }

  /** The page with its script and style inlined: one request, no external assets. */
  private static byte[] page(ViewOptions options) {
    String html = resource("view.html");
    return html.replace("/*VIEW_CSS*/", resource("view.css"))
        .replace("/*VIEW_JS*/", resource("view.js"))
        .replace("VIEW_FRAME_RATE_HZ", Double.toString(options.frameRateHz()))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String resource(String name) {
    try (InputStream in = LiveView.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the view's resource " + name + " is missing from its jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    publisher.shutdownNow();
    arm.close();
    server.close().syncUninterruptibly();
    // Closing each browser's channel releases what waits in its outbound buffer.
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
