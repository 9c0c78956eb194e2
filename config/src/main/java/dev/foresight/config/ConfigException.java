package dev.foresight.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration is malformed; carries every violation found, not just the first. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  /** Creates an exception listing the given errors, one per line of the message. */
  public ConfigException(List<ConfigError> errors) {
    super(
        errors.size()
            + (errors.size() == 1 ? " configuration error" : " configuration errors")
            + ":\n"
            + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  /** The violations, in file order. */
  public List<ConfigError> errors() {
    return errors;
  }
}
