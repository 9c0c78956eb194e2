package dev.foresight.core;

/**
 * Makes text that arrived from outside (a client's name, a caller id, a header field) safe to put
 * into one log line or error message: bounded in length, control characters escaped, so a peer can
 * neither flood the log nor forge extra lines.
 */
public final class LogText {
  /** Default number of characters kept from untrusted text. */
  public static final int DEFAULT_MAX_CHARS = 80;

  private LogText() {}

  /** {@link #quote(String, int)} with {@link #DEFAULT_MAX_CHARS}. */
  public static String quote(String untrusted) {
    return quote(untrusted, DEFAULT_MAX_CHARS);
  }

  /**
   * The text in single quotes, at most {@code maxChars} of it, control and non-printing characters
   * written as {@code \\uXXXX} (line breaks as {@code \\n}, {@code \\r}); a longer text ends with
   * {@code …(N chars)} giving its full length. {@code null} becomes {@code null}.
   *
   * @param untrusted text from a peer; may be null or any length
   * @param maxChars how many characters of it to keep, at least 1
   */
  public static String quote(String untrusted, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, got " + maxChars);
    }
    if (untrusted == null) {
      return "null";
    }
    int keep = Math.min(untrusted.length(), maxChars);
    StringBuilder out = new StringBuilder(keep + 24).append('\'');
    for (int i = 0; i < keep; i++) {
      char c = untrusted.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT
          || Character.isSurrogate(c)
          || c == '\u2028'
          || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (untrusted.length() > keep) {
      out.append("…(").append(untrusted.length()).append(" chars)");
    }
    return out.toString();
  }
}
