package dev.foresight.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.foresight.core.LogText;
import java.util.List;

/**
 * Checks of a parsed JSON manifest, each failing with one {@link InvalidFileException} line that
 * names the file, the key path (e.g. {@code episodes[3].steps}), the bad value and what was
 * expected.
 */
public final class ManifestChecks {
  private final String source;

  /** Checks for the manifest read from {@code source} (named in every error). */
  public ManifestChecks(String source) {
    this.source = source;
  }

  /** The error for a key whose value is wrong. */
  public InvalidFileException error(String key, Object value, String expected) {
    return new InvalidFileException(source, key + " is " + show(value), expected);
  }

  /** An error that is not about one key's value. */
  public InvalidFileException problem(String problem, String expected) {
    return new InvalidFileException(source, problem, expected);
  }

  /** The error for a key that is absent (or null). */
  public InvalidFileException missing(String key, String expected) {
    return new InvalidFileException(source, key + " is missing", expected);
  }

  /** Fails with {@link #error} unless {@code holds}. */
  public void require(boolean holds, String key, Object value, String expected)
      throws InvalidFileException {
    if (!holds) {
      throw error(key, value, expected);
    }
  }

  /** The value, or the {@link #missing} error when it is null. */
  public <T> T present(String key, T value, String expected) throws InvalidFileException {
    if (value == null) {
      throw missing(key, expected);
    }
    return value;
  }

  /** The value when it lies in {@code [min, max]}. */
  public int range(String key, int value, int min, int max) throws InvalidFileException {
    require(value >= min && value <= max, key, value, min + ".." + max);
    return value;
  }

  /** The value when it lies in {@code [min, max]}. */
  public long range(String key, long value, long min, long max) throws InvalidFileException {
    require(value >= min && value <= max, key, value, min + ".." + max);
    return value;
  }

  /** A positive finite number no larger than {@code max}. */
  public double positive(String key, double value, double max) throws InvalidFileException {
    require(
        Double.isFinite(value) && value > 0 && value <= max,
        key,
        value,
        "a positive number of at most " + max);
    return value;
  }

  /** Fails unless the value equals {@code expected}. */
  public void equal(String key, String value, String expected) throws InvalidFileException {
    if (!expected.equals(value)) {
      throw value == null
          ? missing(key, "'" + expected + "'")
          : error(key, value, "'" + expected + "'");
    }
  }

  /**
   * {@code length} finite numbers, each positive when {@code positive} is set.
   *
   * @param length the required length, from another key
   */
  public float[] numbers(String key, float[] values, int length, boolean positive)
      throws InvalidFileException {
    String expected = length + (positive ? " positive finite numbers" : " finite numbers");
    present(key, values, expected);
    require(values.length == length, key + " length", values.length, expected);
    for (int i = 0; i < values.length; i++) {
      float value = values[i];
      require(
          Float.isFinite(value) && (!positive || value > 0),
          key + "[" + i + "]",
          value,
          positive ? "a positive finite number" : "a finite number");
    }
    return values;
  }

  /** An optional list of at most {@code maxSize} names, none null. */
  public void names(String key, List<String> names, int maxSize) throws InvalidFileException {
    if (names == null) {
      return;
    }
    require(names.size() <= maxSize, key + " length", names.size(), "at most " + maxSize);
    for (int i = 0; i < names.size(); i++) {
      present(key + "[" + i + "]", names.get(i), "a name");
    }
  }

  /** The one-line error for JSON that does not parse or map, with the key path where known. */
  public InvalidFileException notValid(String what, JsonProcessingException e) {
    StringBuilder problem = new StringBuilder("not a valid ").append(what).append(": ");
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      problem.append("at ").append(path(mapping.getPath())).append(": ");
    }
    problem.append(ErrorLines.oneLine(e.getOriginalMessage()));
    JsonLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      problem
          .append(" (line ")
          .append(location.getLineNr())
          .append(", column ")
          .append(location.getColumnNr())
          .append(')');
    }
    return new InvalidFileException(
        source, problem.toString(), what + " as Foresight writes it", e);
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        String name = ErrorLines.oneLine(reference.getFieldName());
        path.append(name.length() > 40 ? name.substring(0, 40) + "…" : name);
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "the top level" : path.toString();
  }

  /** The value as it appears in the file, bounded: strings quoted, others as JSON text. */
  private static String show(Object value) {
    if (value instanceof String text) {
      return LogText.quote(text);
    }
    String text = ErrorLines.oneLine(String.valueOf(value));
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
