package dev.foresight.core.io;

/**
 * Turns a message that may quote a file's content (a parser's complaint, a JDK decoder's error)
 * into one bounded line, so that a crafted file can neither flood an error report nor forge lines.
 */
public final class ErrorLines {
  /** Characters kept of a message. */
  public static final int MAX_CHARS = 300;

  private ErrorLines() {}

  /**
   * The message on one line: line breaks and other control characters become spaces, and text
   * beyond {@link #MAX_CHARS} characters becomes {@code …}. {@code null} becomes {@code "no
   * detail"}.
   */
  public static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    String text = message.strip();
    int keep = Math.min(text.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(keep + 1);
    for (int i = 0; i < keep; i++) {
      char c = text.charAt(i);
      boolean breaks =
          Character.isISOControl(c)
              || Character.getType(c) == Character.FORMAT
              || Character.isSurrogate(c)
              || c == '\u2028'
              || c == '\u2029';
      out.append(breaks ? ' ' : c);
    }
    if (text.length() > keep) {
      out.append('…');
    }
    return out.toString();
  }
}
