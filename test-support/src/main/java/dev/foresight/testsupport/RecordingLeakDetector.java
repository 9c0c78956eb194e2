package dev.foresight.testsupport;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.function.Consumer;

/**
 * Netty's leak detector, which besides logging each leak hands it to a sink, and which can be told
 * to look for leaks now.
 *
 * @param <T> the tracked resource type
 */
final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
  private final Class<?> resourceClass;
  private final Consumer<LeakReport> sink;

  RecordingLeakDetector(Class<?> resourceClass, int samplingInterval, Consumer<LeakReport> sink) {
    super(resourceClass, samplingInterval);
    this.resourceClass = resourceClass;
    this.sink = sink;
  }

  Class<?> resourceClass() {
    return resourceClass;
  }

  /**
   * Reports every tracked object the garbage collector has found unreachable since the last call.
   * Netty only does this when it starts tracking a new object, so track and close a sentinel.
   */
  void poll() {
    @SuppressWarnings("unchecked")
    T sentinel = (T) new Object();
    ResourceLeakTracker<T> tracker = trackForcibly(sentinel);
    if (tracker != null) {
      tracker.close(sentinel);
    }
  }

  /** Reports even when the error log level is off, so no leak goes unrecorded. */
  @Override
  protected boolean needReport() {
    return true;
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    super.reportTracedLeak(resourceType, records);
    sink.accept(new LeakReport(resourceType, records));
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    super.reportUntracedLeak(resourceType);
    sink.accept(new LeakReport(resourceType, ""));
  }
}
