package dev.foresight.config.internal;

import java.util.List;
import java.util.Locale;

/** "Did you mean" hints for an unknown config key: the known key it most likely misspells. */
final class KeyHints {
  private KeyHints() {}

  /**
   * The known key that {@code unknown} abbreviates or misspells, or null when none is close.
   *
   * @param known the keys a section asked for. Not modified.
   */
  static String closest(String unknown, List<String> known) {
    String lower = unknown.toLowerCase(Locale.ROOT);
    for (String candidate : known) {
      if (isSubsequence(lower, candidate.toLowerCase(Locale.ROOT))) {
        return candidate; // e.g. maxSpeed -> maxEeSpeedMps
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance =
          editDistance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, unknown.length() / 3) ? best : null;
  }

  private static boolean isSubsequence(String shorter, String longer) {
    int j = 0;
    for (int i = 0; i < longer.length() && j < shorter.length(); i++) {
      if (longer.charAt(i) == shorter.charAt(j)) {
        j++;
      }
    }
    return j == shorter.length();
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
