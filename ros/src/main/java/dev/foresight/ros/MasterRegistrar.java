package dev.foresight.ros;

import dev.foresight.ros.internal.Publication;
import dev.foresight.ros.internal.Subscription;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's registrations with the master: registers publishers and subscribers, retries on its own
 * thread every {@link RosNodeSettings#retryInterval()} while the master is unreachable, remembers
 * why the latest call failed, and unregisters (best effort).
 */
final class MasterRegistrar {
  private static final Logger log = LoggerFactory.getLogger(RosNode.class);

  private final MasterClient master;
  private final RosNodeSettings settings;
  private final ScheduledExecutorService registrar;
  private final BooleanSupplier nodeClosed;
  private volatile String lastMasterError;

  /**
   * @param nodeClosed whether the node is closing: no retry is scheduled or run then
   */
  MasterRegistrar(MasterClient master, RosNodeSettings settings, BooleanSupplier nodeClosed) {
    this.master = master;
    this.settings = settings;
    this.nodeClosed = nodeClosed;
    this.registrar =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ros-registrar " + settings.names().nodeName());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The registrar's thread, for other master calls that must not run on an I/O thread. */
  Executor executor() {
    return registrar;
  }

  /** Why the last call to the master failed, or null when the latest one succeeded. */
  String lastMasterError() {
    return lastMasterError;
  }

  /** Stops retrying. */
  void shutdown() {
    registrar.shutdownNow();
  }

  void registerPublisher(Publication<?> publication, URI slaveUri) {
    try {
      master.registerPublisher(
          publication.topic().name(), publication.topic().type().typeName(), slaveUri);
      publication.setRegistered(true);
      lastMasterError = null;
    } catch (RosException e) {
      masterFailed("advertise " + publication.topic().name(), e);
      scheduleRetry(() -> registerPublisher(publication, slaveUri), publication::isClosed);
    }
  }

  /**
   * @param cancelled whether the subscription was replaced or closed: retries stop then
   */
  void registerSubscriber(Subscription<?> subscription, URI slaveUri, BooleanSupplier cancelled) {
    try {
      List<URI> publishers =
          master.registerSubscriber(
              subscription.topic().name(), subscription.topic().type().typeName(), slaveUri);
      subscription.setRegistered(true);
      lastMasterError = null;
      subscription.updatePublishers(publishers);
    } catch (RosException e) {
      masterFailed("subscribe " + subscription.topic().name(), e);
      scheduleRetry(() -> registerSubscriber(subscription, slaveUri, cancelled), cancelled);
    }
  }

  void unregisterPublisher(Publication<?> publication, URI slaveUri) {
    if (publication.isRegistered() && slaveUri != null) {
      try {
        master.unregisterPublisher(publication.topic().name(), slaveUri);
      } catch (RosException e) {
        log.debug("unregisterPublisher {}: {}", publication.topic().name(), e.getMessage());
      }
    }
  }

  void unregisterSubscriber(Subscription<?> subscription, URI slaveUri) {
    if (subscription.isRegistered() && slaveUri != null) {
      try {
        master.unregisterSubscriber(subscription.topic().name(), slaveUri);
      } catch (RosException e) {
        log.debug("unregisterSubscriber {}: {}", subscription.topic().name(), e.getMessage());
      }
    }
  }

  private void masterFailed(String what, RosException e) {
    boolean first = lastMasterError == null;
    lastMasterError = "cannot " + what + ": " + e.getMessage();
    if (first) {
      log.error(
          "{}; node {} keeps running and retries every {} ms",
          lastMasterError,
          settings.names().nodeName(),
          settings.retryInterval().toMillis());
    } else {
      log.debug("{}", lastMasterError);
    }
  }

  private void scheduleRetry(Runnable task, BooleanSupplier cancelled) {
    if (nodeClosed.getAsBoolean()) {
      return;
    }
    try {
      registrar.schedule(
          () -> {
            if (!nodeClosed.getAsBoolean() && !cancelled.getAsBoolean()) {
              task.run();
            }
          },
          settings.retryInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }
}
