package dev.foresight.core.io;

import java.io.IOException;

/**
 * A file whose content or size is not what was expected. Its message is one line: the file, the
 * problem (with the bad value) and what was expected, e.g. {@code goal.png: 100000x100000 pixels,
 * expected at most 8192 a side and 67108864 pixels}. Callers that add their own context can use the
 * parts.
 */
public class InvalidFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String problem;
  private final String expected;

  /**
   * @param file names the file (a path, or a name such as an archive entry)
   * @param problem what is wrong, with the bad value; one line
   * @param expected what was expected instead, e.g. {@code "at most 1048576 bytes"}; one line
   */
  public InvalidFileException(String file, String problem, String expected) {
    this(file, problem, expected, null);
  }

  /** As {@link #InvalidFileException(String, String, String)}, with the underlying cause. */
  public InvalidFileException(String file, String problem, String expected, Throwable cause) {
    super(file + ": " + problem + ", expected " + expected, cause);
    this.file = file;
    this.problem = problem;
    this.expected = expected;
  }

  /** The file, as given. */
  public String file() {
    return file;
  }

  /** What is wrong, with the bad value. */
  public String problem() {
    return problem;
  }

  /** What was expected instead. */
  public String expected() {
    return expected;
  }
}
