package dev.foresight.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/** Which policy drives recorded episodes. */
public enum PolicyKind {
  /** The task's scripted expert. */
  EXPERT,
  /** {@link RandomExplorer}. */
  RANDOM,
  /**
   * Per episode, seeded: half {@link NoisyExpert} (purposeful motion with noise and detours), half
   * {@link RandomExplorer} (diverse motion).
   */
  MIXED;

  /** Parses {@code expert}, {@code random} or {@code mixed}. */
  public static PolicyKind parse(String text) {
    for (PolicyKind kind : values()) {
      if (kind.name().toLowerCase(Locale.ROOT).equals(text)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "policy '" + text + "' is unknown, expected expert, random or mixed");
  }

  /** The policy for one episode; its randomness follows from the episode seed. */
  public Policy create(Episode episode) {
    SplittableRandom random = new SplittableRandom(episode.seed() ^ 0x5DEECE66DL);
    return switch (this) {
      case EXPERT -> episode.expert();
      case RANDOM -> new RandomExplorer(random.nextLong());
      case MIXED ->
          random.nextBoolean()
              ? new NoisyExpert(episode.expert(), random.nextLong())
              : new RandomExplorer(random.nextLong());
    };
  }
}
