package dev.foresight.ros.xmlrpc;

import dev.foresight.core.LogText;

/** How a server's fault text is shown: as it is when short and printable, else quoted and cut. */
final class FaultTexts {
  /** Longest fault text from a server kept as it is. */
  static final int MAX_FAULT_TEXT_CHARS = 200;

  private FaultTexts() {}

  /**
   * A server's fault text as one line: as sent when it is a printable line of at most {@value
   * #MAX_FAULT_TEXT_CHARS} chars, quoted with line breaks and control characters escaped and
   * clipped otherwise (it comes from a peer and ends up in logs).
   */
  static String faultText(Object faultString) {
    String text = faultString == null ? "" : String.valueOf(faultString);
    if (text.isBlank()) {
      return "(the server gave no faultString)";
    }
    if (text.length() <= MAX_FAULT_TEXT_CHARS && isPrintableLine(text)) {
      return text;
    }
    // Escapes lengthen the text up to six times: keep fewer chars until the line fits.
    String quoted = LogText.quote(text, MAX_FAULT_TEXT_CHARS);
    for (int keep = MAX_FAULT_TEXT_CHARS / 2;
        quoted.length() > MAX_FAULT_TEXT_CHARS + 40 && keep >= 10;
        keep /= 2) {
      quoted = LogText.quote(text, keep);
    }
    return quoted;
  }

  private static boolean isPrintableLine(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT
          || Character.isSurrogate(c)
          || c == '\u2028'
          || c == '\u2029') {
        return false;
      }
    }
    return true;
  }
}
