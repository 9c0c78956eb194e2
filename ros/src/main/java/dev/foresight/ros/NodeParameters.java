package dev.foresight.ros;

import dev.foresight.core.LogText;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's parameter subscriptions: listeners by canonical key, updates from the slave API
 * delivered to listeners of the key, of its ancestors and of its descendants.
 */
final class NodeParameters {
  private static final Logger log = LoggerFactory.getLogger(RosNode.class);

  private final MasterClient master;
  private final Executor registrar;
  private final Map<String, List<ParameterListener>> parameterListeners = new ConcurrentHashMap<>();
  private final Set<String> parameterRefreshes = ConcurrentHashMap.newKeySet();

  /**
   * @param registrar runs the master reads that an update below a subscribed key needs
   */
  NodeParameters(MasterClient master, Executor registrar) {
    this.master = master;
    this.registrar = registrar;
  }

  /**
   * Adds a listener and subscribes its key with the master.
   *
   * @param resolvedName the parameter's resolved name
   * @return the parameter's current value (an empty Map when it is not set)
   */
  Object subscribe(String resolvedName, ParameterListener listener, URI slaveUri)
      throws RosException {
    String key = canonicalKey(resolvedName);
    parameterListeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
    return master.subscribeParam(slaveUri, key);
  }

  /** Unsubscribes every subscribed key (best effort); skipped when the master failed last. */
  void unsubscribeAll(URI slaveUri, boolean masterReachable) {
    for (String key : parameterListeners.keySet()) {
      try {
        if (masterReachable && slaveUri != null) {
          master.unsubscribeParam(slaveUri, key);
        }
      } catch (RosException e) {
        log.debug("unsubscribeParam {}: {}", key, e.getMessage());
      }
    }
  }

  private static String canonicalKey(String key) {
    String k = key;
    while (k.length() > 1 && k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    return k;
  }

  /** Delivers a parameter update to listeners of the key, of its ancestors and descendants. */
  void deliver(String rawKey, Object value) {
    String key = canonicalKey(rawKey);
    for (Map.Entry<String, List<ParameterListener>> entry : parameterListeners.entrySet()) {
      String subscribed = entry.getKey();
      Object delivered;
      if (subscribed.equals(key)) {
        delivered = value;
      } else if (subscribed.startsWith(GraphNames.join(key, ""))) {
        // The update replaced an ancestor namespace: pick our part out of it.
        delivered = value;
        for (String part : subscribed.substring(key.length() + 1).split("/")) {
          delivered =
              delivered instanceof Map<?, ?> map && map.containsKey(part)
                  ? map.get(part)
                  : Map.of();
        }
      } else if (key.startsWith(GraphNames.join(subscribed, ""))) {
        refreshParameter(subscribed, key, entry.getValue());
        continue;
      } else {
        continue;
      }
      notify(subscribed, delivered, entry.getValue());
    }
  }

  /**
   * Reads a subscribed parameter again from the master (a key below it changed) on the registrar
   * thread, not on the slave API's handler thread, which a slow master would stall. Updates that
   * arrive while a read is queued share it: a flood of them costs one read.
   */
  private void refreshParameter(String subscribed, String changedKey, List<ParameterListener> to) {
    if (!parameterRefreshes.add(subscribed)) {
      return;
    }
    try {
      registrar.execute(
          () -> {
            parameterRefreshes.remove(subscribed);
            try {
              notify(subscribed, master.getParam(subscribed), to);
            } catch (RosException e) {
              log.warn(
                  "parameter {} changed below {} but cannot be read: {}",
                  LogText.quote(changedKey),
                  subscribed,
                  e.getMessage());
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      parameterRefreshes.remove(subscribed);
    }
  }

  private static void notify(String subscribed, Object value, List<ParameterListener> listeners) {
    for (ParameterListener listener : listeners) {
      try {
        listener.onUpdate(subscribed, value);
      } catch (RuntimeException e) {
        log.warn("parameter listener of {} failed: {}", subscribed, e.toString());
      }
    }
  }
}
