package dev.foresight.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A self-contained Foresight folder for one platform: {@code bin/foresight} (a launcher that needs
 * only Java 17), {@code lib/} (the inference class path's jars and launch's own, with only this
 * platform's native libraries: ONNX Runtime's other platforms stripped out of its jar, Netty's
 * epoll library for this CPU, IHMC's Fast-DDS libraries for ROS 2 stripped likewise, Bullet only
 * where the simulator runs), {@code models/} (the bundled world models) and {@code
 * README-device.md}. No PyTorch: training stays on the build machine.
 */
final class Distribution {
  /**
   * A target platform: its name, ONNX Runtime's and IHMC Fast-DDS's native folders and Netty's
   * epoll classifier.
   */
  enum Platform {
    LINUX_X86_64("linux-x86_64", "linux-x64", "Linux/x86_64", "linux-x86_64", true),
    LINUX_AARCH64("linux-aarch64", "linux-aarch64", "Linux/aarch64", "linux-aarch_64", false);

    final String label;
    final String onnxRuntimeFolder;
    final String fastDdsFolder;
    final String epollClassifier;
    final boolean simulator;

    Platform(
        String label,
        String onnxRuntimeFolder,
        String fastDdsFolder,
        String epollClassifier,
        boolean simulator) {
      this.label = label;
      this.onnxRuntimeFolder = onnxRuntimeFolder;
      this.fastDdsFolder = fastDdsFolder;
      this.epollClassifier = epollClassifier;
      this.simulator = simulator;
    }

    /** Parses {@code linux-x86_64} or {@code linux-aarch64} (or {@code jetson}). */
    static Platform parse(String text) {
      String name = text.strip().toLowerCase(Locale.ROOT);
      if (name.equals("jetson")) {
        return LINUX_AARCH64;
      }
      for (Platform platform : values()) {
        if (platform.label.equals(name)) {
          return platform;
        }
      }
      throw new IllegalArgumentException(
          "platform '" + text + "' is not known, expected linux-x86_64 or linux-aarch64 (jetson)");
    }
  }

  /** What went into the folder. */
  record Built(Path folder, List<Path> jars, long bytes) {}

  private Distribution() {}

  /**
   * Builds the folder {@code out/foresight-VERSION-PLATFORM}.
   *
   * @param classPath the inference class path's jars
   * @param launch launch's jar, or its classes folder (packed into a jar)
   * @param models the bundled models' folder
   */
  static Built build(
      Platform platform, String version, List<Path> classPath, Path launch, Path models, Path out)
      throws IOException {
    Path folder = out.resolve("foresight-" + version + "-" + platform.label);
    if (Files.exists(folder)) {
      throw new IllegalArgumentException(
          "--out: " + folder + " exists, expected a new folder (remove it first)");
    }
    try {
      return fill(platform, version, classPath, launch, models, folder);
    } catch (IOException | RuntimeException e) {
      deleteTree(folder); // no half-made folder that the next run would refuse
      throw e;
    }
  }

  private static Built fill(
      Platform platform,
      String version,
      List<Path> classPath,
      Path launch,
      Path models,
      Path folder)
      throws IOException {
    Path lib = Files.createDirectories(folder.resolve("lib"));
    List<Path> jars = new ArrayList<>();
    for (Path jar : classPath) {
      String name = jar.getFileName().toString();
      if (!keeps(platform, name)) {
        continue;
      }
      Path target = lib.resolve(name);
      if (name.startsWith("onnxruntime") && !name.contains("engine")) {
        // The CPU build (onnxruntime-), or the GPU one (onnxruntime_gpu-, x86-64 only).
        if (stripNatives(jar, target, "ai/onnxruntime/native/", platform.onnxRuntimeFolder + "/")
            == 0) {
          throw new IllegalArgumentException(
              "class path: "
                  + name
                  + " has no "
                  + platform.onnxRuntimeFolder
                  + " native library, expected ONNX Runtime's CPU build for "
                  + platform.label
                  + " (build without -Pgpu)");
        }
      } else if (name.startsWith("ihmc-pub-sub-")) {
        stripNatives(jar, target, "ihmc-pub-sub/native/", platform.fastDdsFolder + "/");
      } else {
        Files.copy(jar, target);
      }
      jars.add(target);
    }
    Path launchJar = lib.resolve("foresight-launch-" + version + ".jar");
    if (Files.isDirectory(launch)) {
      packFolder(launch, launchJar);
    } else {
      Files.copy(launch, launchJar);
    }
    jars.add(launchJar);
    copyTree(models, folder.resolve("models"));
    writeLauncher(folder.resolve("bin").resolve("foresight"));
    Files.writeString(folder.resolve("README-device.md"), DeviceReadme.text(platform, version));
    long bytes;
    try (Stream<Path> files = Files.walk(folder)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(Distribution::size).sum();
    }
    return new Built(folder, jars, bytes);
  }

  /** Whether a class-path jar belongs in this platform's folder. */
  static boolean keeps(Platform platform, String name) {
    if (name.contains("pytorch") || name.contains("worldmodel-training")) {
      return false;
    }
    if (name.startsWith("netty-transport-native-epoll-") && name.contains("-linux-")) {
      return name.contains(platform.epollClassifier);
    }
    if (name.startsWith("Libbulletjme-")) {
      return platform.simulator;
    }
    return true;
  }

  /**
   * Copies {@code jar} without the native files under {@code nativeRoot} that are not under {@code
   * nativeRoot + keep}.
   *
   * @return the number of native files kept
   */
  private static int stripNatives(Path jar, Path target, String nativeRoot, String keep)
      throws IOException {
    int kept = 0;
    try (JarFile in = new JarFile(jar.toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
      var entries = in.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(nativeRoot)
            && name.length() > nativeRoot.length()
            && !name.startsWith(nativeRoot + keep)) {
          continue;
        }
        if (name.startsWith(nativeRoot + keep) && !entry.isDirectory()) {
          kept++;
        }
        out.putNextEntry(new JarEntry(name));
        try (InputStream data = in.getInputStream(entry)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return kept;
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static void packFolder(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.sorted().toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().startsWith(".")) {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void writeLauncher(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        #!/bin/sh
        # Foresight, from an unpacked distribution: needs Java 17 or newer on the PATH (or JAVA_HOME).
        HERE=$(cd "$(dirname "$0")/.." && pwd)
        JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
        if ! "$JAVA" -version >/dev/null 2>&1; then
          echo "foresight: no java found (JAVA_HOME or PATH), expected Java 17 or newer" >&2
          exit 2
        fi
        exec "$JAVA" -XX:+ExitOnOutOfMemoryError ${FORESIGHT_JAVA_OPTS:-} -Dai.djl.offline=true \\
          -Dforesight.home="$HERE" -cp "$HERE/lib/*" dev.foresight.launch.ForesightCli "$@"
        """);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
