package dev.foresight.launch;

import dev.foresight.sim.loop.Evaluation;
import java.nio.file.Path;

/** The policies {@code sim eval} and {@code demo} can run, by name. */
final class SimPolicies {
  private SimPolicies() {}

  /**
   * @param name {@code learned}, {@code oracle} or {@code random}
   * @param model bundle directory for {@code learned}
   * @throws IllegalArgumentException naming the value and the choices
   */
  static Evaluation.PolicyFactory byName(String name, Path model) {
    return switch (name) {
      case "oracle" -> Evaluation.PolicyFactory.oracle();
      case "random" -> Evaluation.PolicyFactory.random();
      case "learned" ->
          throw new IllegalArgumentException(
              "--planner learned needs the world-model bundle loader, which is not wired yet");
      default ->
          throw new IllegalArgumentException(
              "--planner '" + name + "' is not valid, expected learned, oracle or random");
    };
  }
}
