package dev.foresight.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight dist}: a self-contained tarball for a device. */
@Command(
    name = "dist",
    mixinStandardHelpOptions = true,
    description = {
      "Package the built inference side (launcher, jars, bundled models, this platform's native",
      "libraries only, README-device.md) as foresight-VERSION-PLATFORM.tar.gz."
    })
final class DistCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "PLATFORM",
      defaultValue = "linux-x86_64",
      description = "linux-x86_64 or linux-aarch64 (jetson) (default ${DEFAULT-VALUE}).")
  String platform;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: target/dist under the project).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Distribution.Platform target = Distribution.Platform.parse(platform);
    Path launchTarget = Home.resolve(Path.of("launch", "target"));
    Path classPathFile = launchTarget.resolve("inference-classpath.txt");
    if (!Files.isRegularFile(classPathFile)) {
      throw new IllegalArgumentException(
          classPathFile + " is missing, expected a built project (./foresight builds it)");
    }
    List<Path> classPath =
        Arrays.stream(Files.readString(classPathFile).trim().split(":")).map(Path::of).toList();
    Path launchJar;
    try (Stream<Path> files = Files.list(launchTarget)) {
      launchJar =
          files
              .filter(f -> f.getFileName().toString().matches("foresight-launch-.*\\.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no foresight-launch jar in "
                              + launchTarget
                              + ", expected a built project"));
    }
    String version =
        launchJar.getFileName().toString().replaceAll("foresight-launch-(.*)\\.jar", "$1");
    Path folder = out != null ? out : Home.resolve(Path.of("target", "dist"));
    Files.createDirectories(folder);
    Distribution.Built built =
        Distribution.build(
            target, version, classPath, launchJar, Home.resolve(Path.of("models")), folder);
    Path tarball = folder.resolve(built.folder().getFileName() + ".tar.gz");
    tar(folder, built.folder().getFileName().toString(), tarball);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: %d jars, %.1f MB unpacked, %.1f MB packed%n",
            tarball,
            built.jars().size(),
            built.bytes() / 1e6,
            Files.size(tarball) / 1e6);
    return 0;
  }

  /** Packs {@code folder/name} into {@code tarball} (gzip), keeping file modes. */
  static void tar(Path folder, String name, Path tarball) throws IOException, InterruptedException {
    Process tar =
        new ProcessBuilder("tar", "czf", tarball.toString(), "-C", folder.toString(), name)
            .redirectErrorStream(true)
            .start();
    String output = new String(tar.getInputStream().readAllBytes());
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("tar could not pack " + folder.resolve(name) + ": " + output);
    }
  }
}
