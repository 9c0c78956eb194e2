package dev.foresight.config;

import java.util.Locale;

/**
 * The allowed values of a numeric setting: a closed or half-open interval with a unit.
 *
 * @param min lower bound
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound
 * @param maxInclusive whether {@code max} itself is allowed
 * @param unit unit shown in messages, e.g. {@code m/s}; empty for none
 */
public record Range(
    double min, boolean minInclusive, double max, boolean maxInclusive, String unit) {

  /** A closed interval {@code [min, max]}. */
  public static Range closed(double min, double max, String unit) {
    return new Range(min, true, max, true, unit);
  }

  /** A half-open interval {@code (min, max]}, for strictly positive quantities. */
  public static Range aboveTo(double min, double max, String unit) {
    return new Range(min, false, max, true, unit);
  }

  /** Whether {@code value} is finite and inside the interval. */
  public boolean contains(double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    boolean aboveMin = minInclusive ? value >= min : value > min;
    boolean belowMax = maxInclusive ? value <= max : value < max;
    return aboveMin && belowMax;
  }

  /**
   * Returns {@code value} if allowed.
   *
   * @param keyPath the setting's dotted key path, used in the message
   * @throws IllegalArgumentException naming key, value and range otherwise
   */
  public double require(String keyPath, double value) {
    if (!contains(value)) {
      throw new IllegalArgumentException(
          keyPath + ": " + format(value) + " is out of range, expected " + this);
    }
    return value;
  }

  /** Integer variant of {@link #require(String, double)}. */
  public int require(String keyPath, int value) {
    require(keyPath, (double) value);
    return value;
  }

  /** Formats as interval notation with the unit, e.g. {@code (0, 5] m/s}. */
  @Override
  public String toString() {
    return (minInclusive ? "[" : "(")
        + format(min)
        + ", "
        + format(max)
        + (maxInclusive ? "]" : ")")
        + (unit.isEmpty() ? "" : " " + unit);
  }

  /** Formats a number without a trailing {@code .0} when it is integral. */
  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%s", value);
  }
}
