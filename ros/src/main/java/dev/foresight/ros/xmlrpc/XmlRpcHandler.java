package dev.foresight.ros.xmlrpc;

import java.util.List;

/** Serves the methods of an {@link XmlRpcServer}. */
@FunctionalInterface
public interface XmlRpcHandler {
  /**
   * Handles one call. Runs on the server's handler thread, never on a Netty I/O thread; may block
   * briefly but should return quickly.
   *
   * @param methodName method called
   * @param params the call's parameters (not modified)
   * @return the value to answer with
   * @throws XmlRpcFault to answer with a fault
   */
  Object handle(String methodName, List<Object> params) throws XmlRpcFault;
}
