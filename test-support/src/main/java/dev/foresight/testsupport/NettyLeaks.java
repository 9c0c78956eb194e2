package dev.foresight.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Makes Netty's leak reports something a test can fail on. Netty reports a leaked buffer only as a
 * log line, and only once the garbage collector has found the buffer unreachable and a later
 * allocation happens to poll the detector. After {@link #install()}, every detector Netty creates
 * records its reports; {@link #sweep()} forces a collection, polls every detector and returns what
 * they reported. Pooled buffers are covered like any other: the detector tracks the buffer handed
 * out, whichever allocator made it.
 *
 * <p>{@link #install()} must run before Netty creates its buffer leak detector, that is before the
 * first {@code ByteBuf} class is initialised; {@link NettyLeakSessionListener} does it when a test
 * run starts and {@link NettyLeakCheckExtension} checks it happened.
 */
public final class NettyLeaks {
  /** How long a sweep waits for the garbage collector to clear a deliberately dropped probe. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private static final List<RecordingLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
  private static final Queue<LeakReport> REPORTS = new ConcurrentLinkedQueue<>();
  private static boolean installed;

  private NettyLeaks() {}

  /** Makes Netty create recording detectors from now on. Idempotent. */
  public static synchronized void install() {
    if (!installed) {
      ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Factory());
      installed = true;
    }
  }

  /**
   * Whether Netty's buffer leak detector records its reports: false when Netty created it before
   * {@link #install()} ran, in which case leaks would only be logged.
   */
  public static boolean recordsBufferLeaks() {
    install();
    Unpooled.buffer(1).release(); // initialises the buffer classes, and their detector, if not yet
    return DETECTORS.stream().anyMatch(detector -> detector.resourceClass() == ByteBuf.class);
  }

  /**
   * Collects garbage until a probe object dropped now has been reported as leaked (so everything
   * that was unreachable before it has been collected too), then polls every detector.
   *
   * @return the leaks reported since the last sweep, oldest first; empty when there were none
   * @throws IllegalStateException when the probe is not collected within {@link #PROBE_TIMEOUT}
   */
  public static List<LeakReport> sweep() {
    AtomicBoolean probeReported = new AtomicBoolean();
    RecordingLeakDetector<Object> probeDetector =
        new RecordingLeakDetector<>(Probe.class, 1, report -> probeReported.set(true));
    dropTrackedProbe(probeDetector);
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    while (!probeReported.get()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the garbage collector did not collect a dropped probe object within "
                + PROBE_TIMEOUT.toSeconds()
                + " s, so leak reports cannot be trusted (is -XX:+DisableExplicitGC set?)");
      }
      System.gc();
      sleepMillis(5);
      probeDetector.poll();
    }
    sleepMillis(5); // objects cleared in the same collection may be enqueued just after the probe
    for (RecordingLeakDetector<?> detector : DETECTORS) {
      detector.poll();
    }
    List<LeakReport> reports = new ArrayList<>();
    for (LeakReport report = REPORTS.poll(); report != null; report = REPORTS.poll()) {
      reports.add(report);
    }
    return reports;
  }

  /** One message naming every leak and where its buffer was last used. */
  public static String describe(List<LeakReport> leaks, String where) {
    return "Netty reported "
        + leaks.size()
        + (leaks.size() == 1 ? " leak" : " leaks")
        + " in or before "
        + where
        + "; every ByteBuf must be released:\n"
        + leaks.stream().map(LeakReport::toString).collect(Collectors.joining("\n\n"));
  }

  private static void dropTrackedProbe(RecordingLeakDetector<Object> detector) {
    detector.trackForcibly(new Probe());
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for leak reports", e);
    }
  }

  /** The object each sweep drops on purpose. */
  private static final class Probe {}

  private static final class Factory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval) {
      RecordingLeakDetector<T> detector =
          new RecordingLeakDetector<>(resource, samplingInterval, REPORTS::add);
      DETECTORS.add(detector);
      return detector;
    }

    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return newResourceLeakDetector(resource, samplingInterval);
    }
  }
}
