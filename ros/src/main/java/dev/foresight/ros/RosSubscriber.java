package dev.foresight.ros;

import java.net.URI;
import java.util.Set;

/**
 * A subscription to one topic: connects to every publisher the master names (and to new ones it
 * announces), reconnects when a publisher's connection drops while it is still listed.
 *
 * @param <T> message record type
 */
public interface RosSubscriber<T> extends AutoCloseable {
  /** The resolved topic. */
  Topic<T> topic();

  /** Slave URIs of the publishers currently listed by the master. */
  Set<URI> publisherUris();

  /** Publisher connections whose handshake succeeded and that are still open. */
  int connectedPublisherCount();

  /** Messages received since start. */
  long receivedCount();

  /** Whether the master knows about this subscriber. */
  boolean isRegistered();

  /** Unregisters from the master and closes every publisher connection. */
  @Override
  void close();
}
