package dev.foresight.sim.report;

/**
 * One part of an evaluation split across machines: episode {@code i} (0-based) belongs to shard
 * {@code (i mod count) + 1}. Deterministic, so {@code --shard 1/2} and {@code --shard 2/2} together
 * run exactly the episodes of an unsharded run.
 *
 * @param index 1-based shard number, {@code 1 <= index <= count}
 * @param count number of shards, positive
 */
public record Shard(int index, int count) {

  /** The whole run as a single shard. */
  public static final Shard ALL = new Shard(1, 1);

  /** Checks {@code 1 <= index <= count}. */
  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "shard " + index + "/" + count + " is not valid, expected i/n with 1 <= i <= n");
    }
  }

  /**
   * Parses {@code i/n}, e.g. {@code 2/4}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static Shard parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
    if (parts.length == 2) {
      try {
        int index = Integer.parseInt(parts[0]);
        int count = Integer.parseInt(parts[1]);
        if (count >= 1 && index >= 1 && index <= count) {
          return new Shard(index, count);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "--shard '" + text + "' is not valid, expected i/n with 1 <= i <= n, e.g. 1/2");
  }

  /** Environment variable of a Kubernetes Indexed Job's pod: its 0-based completion index. */
  public static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  /** Environment variable naming the number of shards (the Job's completions, the CI matrix). */
  public static final String SHARD_COUNT = "FORESIGHT_SHARD_COUNT";

  /** Environment variable with a whole shard as {@code i/n} (a CI matrix entry). */
  public static final String SHARD = "FORESIGHT_SHARD";

  /**
   * The shard a process runs: {@code --shard} when given; else {@code $FORESIGHT_SHARD}; else, in a
   * Kubernetes Indexed Job, {@code $JOB_COMPLETION_INDEX + 1} of {@code $FORESIGHT_SHARD_COUNT};
   * else the whole run.
   *
   * @param option the {@code --shard} text, or null
   * @throws IllegalArgumentException naming the variable or option that is malformed or missing
   */
  public static Shard resolve(String option, java.util.Map<String, String> environment) {
    if (option != null) {
      return parse(option);
    }
    String whole = environment.get(SHARD);
    if (whole != null) {
      try {
        return parse(whole);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "$" + SHARD + " '" + whole + "' is not valid, expected i/n with 1 <= i <= n, e.g. 1/2");
      }
    }
    String index = environment.get(JOB_COMPLETION_INDEX);
    if (index == null) {
      return ALL;
    }
    String count = environment.get(SHARD_COUNT);
    if (count == null) {
      throw new IllegalArgumentException(
          "$"
              + JOB_COMPLETION_INDEX
              + " is "
              + index
              + " but $"
              + SHARD_COUNT
              + " is not set, expected the Job's completions (or --shard i/n)");
    }
    try {
      int i = Integer.parseInt(index.strip());
      int n = Integer.parseInt(count.strip());
      if (n >= 1 && i >= 0 && i < n) {
        return new Shard(i + 1, n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "$"
            + JOB_COMPLETION_INDEX
            + " '"
            + index
            + "' and $"
            + SHARD_COUNT
            + " '"
            + count
            + "' are not valid, expected 0 <= index < count");
  }

  /** Whether this shard runs episode {@code episodeIndex} (0-based). */
  public boolean contains(int episodeIndex) {
    return episodeIndex % count == index - 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
