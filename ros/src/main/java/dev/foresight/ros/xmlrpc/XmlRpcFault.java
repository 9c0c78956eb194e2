package dev.foresight.ros.xmlrpc;

/**
 * An XML-RPC fault: either one a server answered with, or one raised while handling or parsing a
 * call (a malformed request, an unknown method, a bad parameter).
 */
public final class XmlRpcFault extends Exception {
  private static final long serialVersionUID = 1L;

  /** Fault code for a request that is not well-formed XML-RPC. */
  public static final int PARSE_ERROR = -32700;

  /** Fault code for a method the server does not serve. */
  public static final int METHOD_NOT_FOUND = -32601;

  /** Fault code for parameters of the wrong count or type. */
  public static final int INVALID_PARAMS = -32602;

  /** Fault code for a failure inside the method. */
  public static final int INTERNAL_ERROR = -32603;

  private final int code;

  /**
   * @param code fault code, see the constants of this class
   * @param message human-readable fault string
   */
  public XmlRpcFault(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The fault code. */
  public int code() {
    return code;
  }
}
