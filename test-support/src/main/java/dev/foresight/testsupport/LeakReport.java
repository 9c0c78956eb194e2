package dev.foresight.testsupport;

/**
 * One leak Netty's leak detector reported: an object of {@code resourceType} (usually a {@code
 * ByteBuf}) became unreachable without being released.
 *
 * @param resourceType simple class name of the leaked resource, e.g. {@code ByteBuf}
 * @param records Netty's access records, most recent first, each with the stack where the buffer
 *     was touched; empty when leak detection ran below the {@code paranoid} level
 */
public record LeakReport(String resourceType, String records) {

  /** A multi-line description in Netty's words, with the access records. */
  @Override
  public String toString() {
    if (records.isEmpty()) {
      return resourceType
          + ".release() was not called before it was garbage-collected (no access records:"
          + " run with -Dio.netty.leakDetection.level=paranoid to see where it was used)";
    }
    // Netty's records start with a line break and their own heading.
    return resourceType + ".release() was not called before it was garbage-collected." + records;
  }
}
