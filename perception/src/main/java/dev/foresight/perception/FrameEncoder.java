package dev.foresight.perception;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.worldmodel.LearnedWorldModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes live frames on one worker thread. {@link #submit} validates a frame on the caller's
 * thread (a bad frame is rejected at once, and the next good frame is unaffected) and queues it;
 * the worker takes every frame waiting (up to {@code maxBatch}) and encodes them in one batched
 * call. Latency from submit to latent is recorded per frame.
 *
 * <p>The queue is bounded: when {@code queueCapacity} frames wait, submit fails instead of letting
 * latency grow without bound.
 */
public final class FrameEncoder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrameEncoder.class);

  private record Pending(
      Observation observation, long submittedNanos, CompletableFuture<EncodedFrame> result) {}

  private final LearnedWorldModel model;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue;
  private final Thread worker;
  private final AtomicLong encoded = new AtomicLong();
  private final AtomicLong latencyNanosSum = new AtomicLong();
  private final AtomicLong latencyNanosMax = new AtomicLong();
  private volatile boolean running = true;

  /**
   * Starts the worker thread.
   *
   * @param model the world model whose encoder runs the frames; used only by the worker thread
   * @param maxBatch most frames encoded in one call, at least 1
   * @param queueCapacity most frames waiting, at least 1
   */
  public FrameEncoder(LearnedWorldModel model, int maxBatch, int queueCapacity) {
    if (maxBatch < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException(
          "maxBatch and queueCapacity must be at least 1, got "
              + maxBatch
              + " and "
              + queueCapacity);
    }
    this.model = model;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.worker = new Thread(this::work, "perception-encoder");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Validates and queues a frame.
   *
   * @param frame raw camera frame, any size
   * @param armState arm state at the frame's time (fills the proprio part of the state)
   * @return completes with the frame's state, or exceptionally if encoding failed
   * @throws FrameRejectedException for a wrong byte count, size or unknown encoding
   * @throws RejectedExecutionException when the queue is full or the encoder closed
   */
  public CompletableFuture<EncodedFrame> submit(RawFrame frame, ArmState armState) {
    Image image = frame.toImage();
    if (armState == null) {
      throw new FrameRejectedException("frame needs an arm state, got none");
    }
    if (!running) {
      throw new RejectedExecutionException("frame encoder is closed");
    }
    Pending pending =
        new Pending(new Observation(image, armState), System.nanoTime(), new CompletableFuture<>());
    if (!queue.offer(pending)) {
      throw new RejectedExecutionException(
          "perception queue full (" + queue.size() + " frames waiting), frame dropped");
    }
    return pending.result();
  }

  /** Frames encoded so far. */
  public long encodedFrames() {
    return encoded.get();
  }

  /** Mean submit-to-latent latency in seconds over all frames so far (NaN before the first). */
  public double meanLatencySeconds() {
    long count = encoded.get();
    return count == 0 ? Double.NaN : latencyNanosSum.get() / 1e9 / count;
  }

  /** Largest submit-to-latent latency in seconds so far. */
  public double maxLatencySeconds() {
    return latencyNanosMax.get() / 1e9;
  }

  private void work() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    List<Observation> observations = new ArrayList<>(maxBatch);
    float[] states = new float[maxBatch * model.latentSize()];
    while (running) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        for (Pending pending : batch) {
          observations.add(pending.observation());
        }
        try {
          model.encode(observations, states);
          long now = System.nanoTime();
          int size = model.latentSize();
          for (int i = 0; i < batch.size(); i++) {
            float[] state = new float[size];
            System.arraycopy(states, i * size, state, 0, size);
            Pending pending = batch.get(i);
            long latency = now - pending.submittedNanos();
            encoded.incrementAndGet();
            latencyNanosSum.addAndGet(latency);
            latencyNanosMax.accumulateAndGet(latency, Math::max);
            pending
                .result()
                .complete(new EncodedFrame(state, pending.submittedNanos(), now, batch.size()));
          }
        } catch (RuntimeException e) {
          LOG.warn("encoding a batch of {} frames failed: {}", batch.size(), e.toString());
          for (Pending pending : batch) {
            pending.result().completeExceptionally(e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
        observations.clear();
      }
    }
    for (Pending pending; (pending = queue.poll()) != null; ) {
      pending
          .result()
          .completeExceptionally(new RejectedExecutionException("frame encoder closed"));
    }
  }

  /** Stops the worker; waiting frames complete exceptionally. Does not close the model. */
  @Override
  public void close() {
    running = false;
    try {
      worker.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
