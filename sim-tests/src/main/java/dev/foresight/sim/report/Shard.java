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

  /** Whether this shard runs episode {@code episodeIndex} (0-based). */
  public boolean contains(int episodeIndex) {
    return episodeIndex % count == index - 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
