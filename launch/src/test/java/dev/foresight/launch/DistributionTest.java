package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code foresight dist}'s folder for each platform, built from this build's class path. */
class DistributionTest {
  private static final Path TARGET = Path.of("target");

  private static List<Path> classPath() throws IOException {
    return Arrays.stream(
            Files.readString(TARGET.resolve("inference-classpath.txt")).trim().split(":"))
        .map(Path::of)
        .toList();
  }

  private static Distribution.Built build(Distribution.Platform platform, Path out)
      throws IOException {
    return Distribution.build(
        platform, "test", classPath(), TARGET.resolve("classes"), Path.of("..", "models"), out);
  }

  private static List<String> natives(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(e -> e.getName())
          .filter(
              n ->
                  n.startsWith("ai/onnxruntime/native/") && n.endsWith(".so")
                      || n.endsWith(".dylib")
                      || n.endsWith(".dll"))
          .toList();
    }
  }

  /** IHMC's Fast-DDS libraries (ROS 2) in its pub-sub jar. */
  private static List<String> fastDdsNatives(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(e -> e.getName())
          .filter(n -> n.startsWith("ihmc-pub-sub/native/") && !n.endsWith("/"))
          .toList();
    }
  }

  private static Path jar(Distribution.Built built, String prefix) {
    return built.jars().stream()
        .filter(j -> j.getFileName().toString().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " jar in " + built.jars()));
  }

  @Test
  void theX8664FolderRunsFromItsOwnLauncherWithOnlyItsPlatformsNatives(@TempDir Path out)
      throws Exception {
    Distribution.Built built = build(Distribution.Platform.LINUX_X86_64, out);
    List<String> names = built.jars().stream().map(j -> j.getFileName().toString()).toList();
    assertThat(names).noneMatch(n -> n.contains("pytorch") || n.contains("worldmodel-training"));
    assertThat(names).anyMatch(n -> n.startsWith("Libbulletjme-"));
    assertThat(names).anyMatch(n -> n.contains("epoll") && n.contains("linux-x86_64"));
    assertThat(names).noneMatch(n -> n.contains("linux-aarch_64"));
    assertThat(natives(jar(built, "onnxruntime-1")))
        .isNotEmpty()
        .allMatch(n -> n.startsWith("ai/onnxruntime/native/linux-x64/"));
    assertThat(fastDdsNatives(jar(built, "ihmc-pub-sub-")))
        .anyMatch(n -> n.endsWith("libFastRTPSWrapper.so"))
        .allMatch(n -> n.startsWith("ihmc-pub-sub/native/Linux/x86_64/"));
    assertThat(built.folder().resolve("models/foresight-sim/manifest.json")).isRegularFile();
    assertThat(built.folder().resolve("README-device.md"))
        .content()
        .contains("foresight version", "simulator (`sim eval`", "-Pgpu")
        .doesNotContain("nvpmodel");
    // Its full size stays far below the build machine's class path (157 MB with every platform).
    assertThat(built.bytes()).isLessThan(60_000_000L);

    Process version =
        new ProcessBuilder(built.folder().resolve("bin/foresight").toString(), "version")
            .redirectErrorStream(true)
            .start();
    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = new String(version.getInputStream().readAllBytes());
    assertThat(version.exitValue()).as(printed).isZero();
    assertThat(printed).contains("foresight ");
  }

  @Test
  void theAarch64FolderCarriesAarch64NativesAndNoSimulator(@TempDir Path out) throws Exception {
    Distribution.Built built = build(Distribution.Platform.parse("jetson"), out);
    List<String> names = built.jars().stream().map(j -> j.getFileName().toString()).toList();
    assertThat(names).noneMatch(n -> n.startsWith("Libbulletjme-"));
    assertThat(names).anyMatch(n -> n.contains("epoll") && n.contains("linux-aarch_64"));
    assertThat(names).noneMatch(n -> n.contains("linux-x86_64"));
    assertThat(natives(jar(built, "onnxruntime-1")))
        .isNotEmpty()
        .allMatch(n -> n.startsWith("ai/onnxruntime/native/linux-aarch64/"));
    assertThat(fastDdsNatives(jar(built, "ihmc-pub-sub-")))
        .anyMatch(n -> n.endsWith("libFastRTPSWrapper.so"))
        .allMatch(n -> n.startsWith("ihmc-pub-sub/native/Linux/aarch64/"));
    assertThat(built.folder().getFileName().toString()).isEqualTo("foresight-test-linux-aarch64");
    assertThat(built.folder().resolve("README-device.md"))
        .content()
        .contains("tar xzf foresight-test-linux-aarch64.tar.gz")
        .contains("sudo nvpmodel -m 0", "sudo jetson_clocks", "isolcpus=3")
        .contains("foresight agent --driver ros", "--realtime=80 --cpus 3")
        .contains("foresight node perception", "image:=/camera/image_raw")
        .contains("LimitRTPRIO=80", "systemctl")
        .contains("`cuda`", "`tensorrt`", "falling back to onnxruntime")
        .doesNotContain("simulator (`sim eval`");
    // Without Bullet and the other platforms' ONNX Runtime and Fast-DDS libraries.
    assertThat(built.bytes()).isLessThan(45_000_000L);
  }

  @Test
  void theAarch64FolderOnAnX8664MachineSaysSoInOneLine(@TempDir Path out) throws Exception {
    // The tarball for the wrong machine: ONNX Runtime's aarch64 library cannot load here.
    Distribution.Built built = build(Distribution.Platform.LINUX_AARCH64, out);
    Process encode =
        new ProcessBuilder(
                built.folder().resolve("bin/foresight").toString(),
                "model",
                "encode",
                Path.of("..", "models", "foresight-sim", "manifest.json")
                    .toAbsolutePath()
                    .toString())
            .directory(built.folder().toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(encode.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = new String(encode.getInputStream().readAllBytes()).strip();
    assertThat(encode.exitValue()).as(printed).isEqualTo(1);
    assertThat(printed)
        .startsWith(
            "foresight model encode: ONNX Runtime's native library does not load on this machine (Linux"
                + " amd64): UnsatisfiedLinkError: ")
        .endsWith("expected a distribution or build for this platform")
        .doesNotContain("\n");
  }

  @Test
  void theGpuBuildsOnnxRuntimeCannotMakeAnAarch64Folder(@TempDir Path out) throws Exception {
    // ONNX Runtime's GPU jar (-Pgpu) carries linux-x64 and win-x64 libraries only.
    Path gpuJar = out.resolve("onnxruntime_gpu-1.21.0.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(gpuJar))) {
      for (String name :
          List.of(
              "ai/onnxruntime/OrtSession.class",
              "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
              "ai/onnxruntime/native/linux-x64/libonnxruntime_providers_cuda.so",
              "ai/onnxruntime/native/win-x64/onnxruntime.dll")) {
        jar.putNextEntry(new JarEntry(name));
        jar.write(1);
        jar.closeEntry();
      }
    }
    List<Path> gpuClassPath = new ArrayList<>();
    for (Path jar : classPath()) {
      if (!jar.getFileName().toString().startsWith("onnxruntime-1")) {
        gpuClassPath.add(jar);
      }
    }
    gpuClassPath.add(gpuJar);
    Path folders = Files.createDirectories(out.resolve("dist"));
    assertThatThrownBy(
            () ->
                Distribution.build(
                    Distribution.Platform.LINUX_AARCH64,
                    "test",
                    gpuClassPath,
                    TARGET.resolve("classes"),
                    Path.of("..", "models"),
                    folders))
        .hasMessage(
            "class path: onnxruntime_gpu-1.21.0.jar has no linux-aarch64 native library, expected"
                + " ONNX Runtime's CPU build for linux-aarch64 (build without -Pgpu)");
    assertThat(folders.resolve("foresight-test-linux-aarch64")).doesNotExist();
    Distribution.Built x8664 =
        Distribution.build(
            Distribution.Platform.LINUX_X86_64,
            "test",
            gpuClassPath,
            TARGET.resolve("classes"),
            Path.of("..", "models"),
            folders);
    assertThat(natives(jar(x8664, "onnxruntime_gpu-")))
        .containsExactly(
            "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
            "ai/onnxruntime/native/linux-x64/libonnxruntime_providers_cuda.so");
  }

  @Test
  void anUnknownPlatformOrAnExistingFolderIsOneLine(@TempDir Path out) throws Exception {
    assertThatThrownBy(() -> Distribution.Platform.parse("windows"))
        .hasMessage(
            "platform 'windows' is not known, expected linux-x86_64 or linux-aarch64 (jetson)");
    Files.createDirectories(out.resolve("foresight-test-linux-x86_64"));
    assertThatThrownBy(() -> build(Distribution.Platform.LINUX_X86_64, out))
        .hasMessageContaining("exists, expected a new folder");
  }
}
