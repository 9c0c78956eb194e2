package dev.foresight.runtime;

import dev.foresight.bridge.StopCause;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Stop causes as users write them on the command line: {@code client-stop}, {@code watchdog}. */
public final class StopCauses {
  private StopCauses() {}

  /** The user's name of a cause: {@code STOP_CAUSE_CLIENT_STOP} is {@code client-stop}. */
  public static String name(StopCause cause) {
    return cause
        .name()
        .substring("STOP_CAUSE_".length())
        .toLowerCase(Locale.ROOT)
        .replace('_', '-');
  }

  /**
   * Parses a cause a user may acknowledge, or returns null for null.
   *
   * @param option the option's name, for the error
   * @throws IllegalArgumentException naming the option, the value and the accepted names
   */
  public static StopCause parse(String option, String text) {
    if (text == null) {
      return null;
    }
    for (StopCause cause : acknowledgeable()) {
      if (name(cause).equals(text.strip().toLowerCase(Locale.ROOT))
          || cause.name().equals(text.strip())) {
        return cause;
      }
    }
    throw new IllegalArgumentException(
        option
            + ": '"
            + text
            + "' is not a stop cause, expected one of "
            + Arrays.stream(acknowledgeable())
                .map(StopCauses::name)
                .collect(Collectors.joining(", ")));
  }

  private static StopCause[] acknowledgeable() {
    return Arrays.stream(StopCause.values())
        .filter(
            c ->
                c != StopCause.UNRECOGNIZED
                    && c != StopCause.STOP_CAUSE_NONE
                    && c != StopCause.STOP_CAUSE_STARTUP
                    && c != StopCause.STOP_CAUSE_SHUTDOWN
                    && c != StopCause.STOP_CAUSE_INTERNAL_FAULT)
        .toArray(StopCause[]::new);
  }
}
