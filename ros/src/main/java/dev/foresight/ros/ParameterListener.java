package dev.foresight.ros;

/** Receives updates of a subscribed parameter. */
@FunctionalInterface
public interface ParameterListener {
  /**
   * Called on the node's XML-RPC handler thread when the master reports a change.
   *
   * @param key the subscribed parameter's global name
   * @param value its new value (an empty Map when it was deleted)
   */
  void onUpdate(String key, Object value);
}
