package dev.foresight.ros.xmlrpc;

import java.util.List;

/**
 * A parsed XML-RPC method call.
 *
 * @param methodName the method to invoke
 * @param params the parameters, as XML-RPC values (see the package description)
 */
public record XmlRpcCall(String methodName, List<Object> params) {
  /** Copies the parameter list. */
  public XmlRpcCall {
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
  }
}
