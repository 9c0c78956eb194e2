package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No production file over about 400 lines: every {@code src/main/java} file of every module is held
 * to {@value #MAX_LINES} lines, so a class that grows past one responsibility is split before it
 * lands. Run it with {@code mvn -o test -pl launch -Dtest=FileSizeRuleTest}.
 */
class FileSizeRuleTest {
  /** Most lines of one production source file. */
  static final int MAX_LINES = 400;

  /** Files allowed to be longer, by file name: none. */
  private static final Set<String> BEING_SPLIT =
      Set.of(); // sim, being changed for the oracle's prediction worlds

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void noProductionSourceFileIsLongerThanTheLimit() throws IOException {
    TreeMap<String, Integer> tooLong = new TreeMap<>();
    List<Path> scanned = productionSources();
    for (Path file : scanned) {
      int lines = lineCount(file);
      if (lines > MAX_LINES && !BEING_SPLIT.contains(file.getFileName().toString())) {
        tooLong.put(ROOT.relativize(file).toString(), lines);
      }
    }
    assertThat(tooLong)
        .as(
            "production files over %d lines (split them by responsibility into package-private"
                + " helpers)",
            MAX_LINES)
        .isEmpty();
  }

  @Test
  void theScanSeesEveryModuleAndCountsLinesLikeWc(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    List<Path> scanned = productionSources();
    for (String module : List.of("core", "config", "ros", "launch", "planner", "robot-bridge")) {
      assertThat(scanned)
          .as("sources of module %s", module)
          .anyMatch(file -> ROOT.relativize(file).startsWith(module));
    }
    assertThat(scanned).noneMatch(file -> file.toString().contains("/src/test/"));
    Path sample = Files.writeString(dir.resolve("Sample.java"), "a\nb\n\nc\n");
    assertThat(lineCount(sample)).isEqualTo(4);
    Path noFinalNewline = Files.writeString(dir.resolve("Last.java"), "a\nb");
    assertThat(lineCount(noFinalNewline)).isEqualTo(2);
  }

  /**
   * Every {@code .java} file under a module's {@code src/main/java}, modules found by their pom.
   */
  private static List<Path> productionSources() throws IOException {
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.sorted().toList()) {
        Path main = module.resolve("src/main/java");
        if (!Files.isRegularFile(module.resolve("pom.xml")) || !Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          files
              .filter(Files::isRegularFile)
              .filter(file -> file.toString().endsWith(".java"))
              .forEach(sources::add);
        }
      }
    }
    return sources;
  }

  private static int lineCount(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).size();
  }
}
