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
   * The text in single quotes, control and non-printing characters written as {@code \\uXXXX} (line
   * breaks as {@code \\n}, {@code \\r}), cut so that the quoted part holds at most {@code maxChars}
   * characters, escapes included; a cut text ends with {@code …(N chars)} giving its full length.
   * {@code null} becomes {@code null}.
   *
   * @param untrusted text from a peer; may be null or any length
   * @param maxChars longest quoted part, escapes included, at least 1
   */
  public static String quote(String untrusted, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, got " + maxChars);
    }
    if (untrusted == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(untrusted.length(), maxChars) + 24);
    out.append('\'');
    int used = 0;
    for (; used < untrusted.length(); used++) {
      String escaped = escape(untrusted.charAt(used));
      if (out.length() - 1 + escaped.length() > maxChars) {
        break;
      }
      out.append(escaped);
    }
    out.append('\'');
    if (used < untrusted.length()) {
      out.append("…(").append(untrusted.length()).append(" chars)");
    }
    return out.toString();
  }

  private static String escape(char c) {
    if (c == '\n') {
      return "\\n";
    } else if (c == '\r') {
      return "\\r";
    } else if (c == '\\') {
      return "\\\\";
    } else if (Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT
        || Character.isSurrogate(c)
        || c == '\u2028'
        || c == '\u2029') {
      return String.format("\\u%04x", (int) c);
    }
    return String.valueOf(c);
  }
}
