package dev.foresight.sim;

import java.util.List;

/** The registry of tasks by name. */
public final class Tasks {
  private static final List<SimTask> ALL =
      List.of(new ReachTask(), new PushTTask(), new PickPlaceTask());

  private Tasks() {}

  /** Every task, in a fixed order. */
  public static List<SimTask> all() {
    return ALL;
  }

  /** Task names, in the same order. */
  public static List<String> names() {
    return ALL.stream().map(task -> task.spec().name()).toList();
  }

  /**
   * Looks a task up by name.
   *
   * @throws IllegalArgumentException naming the bad value and the valid names
   */
  public static SimTask byName(String name) {
    for (SimTask task : ALL) {
      if (task.spec().name().equals(name)) {
        return task;
      }
    }
    throw new IllegalArgumentException(
        "task '" + name + "' is unknown, expected one of " + String.join(", ", names()));
  }
}
