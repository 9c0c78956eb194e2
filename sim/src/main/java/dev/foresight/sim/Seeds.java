package dev.foresight.sim;

/** Derives per-episode seeds from a base seed, so that episode i of a run is reproducible. */
public final class Seeds {
  private Seeds() {}

  /** Seed of episode {@code index} of a run started with {@code baseSeed} (SplitMix64 mixing). */
  public static long episodeSeed(long baseSeed, long index) {
    long z = baseSeed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
