package dev.foresight.ros.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * First handler of every connection a server accepts; bounds what the connection's peer may cost.
 * Its {@link Server} holds at most {@code maxConnections} connections: when a new one would exceed
 * that, the oldest connection that is not being served is closed to make room (a peer that opens
 * many connections and sends nothing cannot lock others out), and when every connection is being
 * served the new one is refused. Bytes of a request or header still being received count against
 * the server's {@code maxHeldBytes}; a read that would exceed it refuses its connection at once,
 * without buffering. Requests larger than {@link #SMALL_REQUEST_BYTES} may use three quarters of
 * the budget, so small ones still get through a flood of large ones. Each wait on the peer has an
 * absolute deadline set by the protocol handler ({@link #deadline}, {@link #deadlineFromNextByte}):
 * it does not restart when a byte arrives, so a peer that trickles a byte at a time is closed when
 * it expires.
 *
 * <p>The methods that change a connection's stage run on its event loop.
 */
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {
  /** Pipeline name of the guard. */
  public static final String NAME = "connection-guard";

  /** Requests and headers up to this size may use the last quarter of a server's budget, bytes. */
  public static final int SMALL_REQUEST_BYTES = 64 << 10;

  /** Why a connection is refused or closed. */
  public enum Refusal {
    /** Every connection slot is taken by a connection being served. */
    CAPACITY,
    /** The bytes the connection sent would exceed the server's budget. */
    MEMORY,
    /** The peer did not finish in time. */
    DEADLINE
  }

  /** What a server answers to a connection it refuses, before closing it. */
  @FunctionalInterface
  public interface Responder {
    /**
     * The bytes to send before closing, or null to close without a word.
     *
     * @param allocator allocates the answer
     * @param refusal why
     * @param detail one line saying why, e.g. {@code connection header not complete within 10 s}
     * @param midRequest whether the peer had sent part of a request or header in this stage
     */
    ByteBuf answer(ByteBufAllocator allocator, Refusal refusal, String detail, boolean midRequest);
  }

  /** The limits and counters of one server, shared by its connections' guards. */
  public static final class Server {
    private final String name;
    private final int maxConnections;
    private final long maxHeldBytes;
    private final HeldBytes held;
    private final ThrottledWarning warning;
    private final Responder responder;
    private final LinkedHashSet<ConnectionGuard> connections = new LinkedHashSet<>(); // by age
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private int peakOpen; // guarded by connections

    /**
     * @param name names the server in log lines, e.g. {@code TCPROS server of /node}
     * @param log receives the server's warnings
     * @param maxConnections most connections held at a time, at least 1
     * @param maxHeldBytes most bytes of requests being received, over all connections
     * @param responder answers refused connections
     */
    public Server(
        String name, Logger log, int maxConnections, long maxHeldBytes, Responder responder) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException(
            "maxConnections must be at least 1, got " + maxConnections);
      }
      if (maxHeldBytes < 1) {
        throw new IllegalArgumentException("maxHeldBytes must be positive, got " + maxHeldBytes);
      }
      this.name = name;
      this.maxConnections = maxConnections;
      this.maxHeldBytes = maxHeldBytes;
      this.held = new HeldBytes(maxHeldBytes, SMALL_REQUEST_BYTES);
      this.warning = new ThrottledWarning(name, log);
      this.responder = responder;
    }

    /**
     * A guard for a new connection, whose first stage must end within {@code firstDeadline}.
     *
     * @param firstDeadline deadline of the first stage, from connecting
     * @param firstStage names the first stage in messages, e.g. {@code connection header}
     */
    public ConnectionGuard newGuard(Duration firstDeadline, String firstStage) {
      return new ConnectionGuard(this, firstDeadline, firstStage);
    }

    /** Connections held now. */
    public int openCount() {
      synchronized (connections) {
        return connections.size();
      }
    }

    /** Most connections held at once since start. */
    public int peakOpenCount() {
      synchronized (connections) {
        return peakOpen;
      }
    }

    /** Bytes of requests being received now. */
    public long heldBytes() {
      return held.now();
    }

    /** Most bytes of requests held at once since start. */
    public long peakHeldBytes() {
      return held.peak();
    }

    /** Connections closed to make room for newer ones. */
    public long evictedCount() {
      return evicted.get();
    }

    /** Connections refused for capacity or memory. */
    public long refusedCount() {
      return refused.get();
    }

    /** Connections closed because their peer missed a deadline. */
    public long timedOutCount() {
      return timedOut.get();
    }

    /** Adds a connection; false when it is refused because every slot is being served. */
    private boolean register(ConnectionGuard guard) {
      ConnectionGuard victim = null;
      synchronized (connections) {
        connections.add(guard);
        if (connections.size() > maxConnections) {
          for (Iterator<ConnectionGuard> it = connections.iterator(); it.hasNext(); ) {
            ConnectionGuard candidate = it.next();
            if (candidate != guard && candidate.evictable) {
              it.remove();
              victim = candidate;
              break;
            }
          }
          if (victim == null) {
            connections.remove(guard);
            return false;
          }
        }
        peakOpen = Math.max(peakOpen, connections.size());
      }
      if (victim != null) {
        evicted.incrementAndGet();
        warn("holds " + maxConnections + " connections: closing the oldest idle ones");
        victim.evict();
      }
      return true;
    }

    private void unregister(ConnectionGuard guard) {
      synchronized (connections) {
        connections.remove(guard);
      }
    }

    /**
     * Logs "{@code <server name> <what>}" as a warning, at most once per 10 s, saying how many were
     * left out since the last one: a flood of bad peers cannot flood the log.
     */
    void warn(String what) {
      warning.warn(what);
    }
  }

  private final Server server;
  private ChannelHandlerContext context;
  private ScheduledFuture<?> timer;
  private Duration pendingDeadline;
  private String stage;
  private volatile boolean evictable = true;
  private boolean counting = true;
  private boolean bytesInStage;
  private boolean registered;
  private boolean closing;
  private long heldByThis;

  private ConnectionGuard(Server server, Duration firstDeadline, String firstStage) {
    this.server = server;
    this.pendingDeadline = firstDeadline;
    this.stage = firstStage;
  }

  /**
   * Starts a stage that must end within {@code limit} from now, whatever the peer sends.
   *
   * @param limit absolute deadline from now
   * @param what names the stage in messages, e.g. {@code answer}
   * @param mayEvict whether the connection may be closed to make room for a new one meanwhile
   */
  public void deadline(Duration limit, String what, boolean mayEvict) {
    cancelTimer();
    stage = what;
    evictable = mayEvict;
    bytesInStage = false;
    pendingDeadline = null;
    arm(limit, within(what, limit));
  }

  /**
   * Starts an idle wait (a kept-alive connection between requests): the connection may stay idle
   * for {@code idleLimit}; its next byte starts a stage that must end within {@code limit}.
   */
  public void deadlineFromNextByte(Duration limit, Duration idleLimit, String what) {
    cancelTimer();
    stage = what;
    evictable = true;
    bytesInStage = false;
    pendingDeadline = limit;
    arm(idleLimit, "idle for " + seconds(idleLimit));
  }

  /** Ends the current stage with no deadline; the connection is being served. */
  public void serving() {
    cancelTimer();
    pendingDeadline = null;
    evictable = false;
  }

  /** Returns the bytes counted for this connection to the server's budget. */
  public void releaseHeld() {
    server.held.release(heldByThis);
    heldByThis = 0;
  }

  /**
   * The handshake is done and the connection carries a long-lived stream: no deadline, bytes no
   * longer counted, never closed to make room.
   */
  public void established() {
    serving();
    releaseHeld();
    counting = false;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    registered = server.register(this);
    if (!registered) {
      server.refused.incrementAndGet();
      server.warn("holds " + server.maxConnections + " connections, all busy: refusing new ones");
      refuse(Refusal.CAPACITY, server.name + " is at its limit of " + server.maxConnections);
      return;
    }
    if (pendingDeadline != null) {
      Duration first = pendingDeadline;
      pendingDeadline = null;
      arm(first, within(stage, first));
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (closing) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (counting && message instanceof ByteBuf bytes) {
      int count = bytes.readableBytes();
      if (pendingDeadline != null && count > 0) {
        Duration limit = pendingDeadline;
        pendingDeadline = null;
        cancelTimer();
        evictable = true;
        arm(limit, within(stage, limit));
      }
      bytesInStage |= count > 0;
      if (!server.held.reserve(count, heldByThis)) {
        bytes.release();
        server.refused.incrementAndGet();
        server.warn("holds " + server.maxHeldBytes + " bytes of requests: refusing more");
        refuse(
            Refusal.MEMORY,
            server.name + " holds " + server.maxHeldBytes + " bytes of requests already");
        return;
      }
      heldByThis += count;
    }
    ctx.fireChannelRead(message);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    cancelTimer();
    releaseHeld();
    if (registered) {
      server.unregister(this);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimer();
    releaseHeld();
  }

  private void arm(Duration limit, String detail) {
    timer =
        context.executor().schedule(() -> expired(detail), limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void expired(String detail) {
    timer = null;
    if (closing) {
      return;
    }
    server.timedOut.incrementAndGet();
    refuse(Refusal.DEADLINE, detail);
  }

  private static String within(String what, Duration limit) {
    return what + " not complete within " + seconds(limit);
  }

  private void evict() {
    context
        .executor()
        .execute(
            () -> {
              if (!closing) {
                closing = true;
                cancelTimer();
                context.close();
              }
            });
  }

  private void refuse(Refusal refusal, String detail) {
    if (closing) {
      return;
    }
    closing = true;
    cancelTimer();
    context.channel().config().setAutoRead(false);
    ByteBuf answer = server.responder.answer(context.alloc(), refusal, detail, bytesInStage);
    if (answer == null) {
      context.close();
    } else {
      context.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
      // A peer that does not read the answer is closed anyway.
      context.executor().schedule(() -> context.close(), 1, TimeUnit.SECONDS);
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
