package dev.foresight.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads Libbulletjme's native library once per JVM. The library ships inside the {@code SpRelease}
 * jar; the JVM can only load it from a file, so it is copied to a fresh temporary directory first.
 */
public final class BulletNatives {
  private static final String RESOURCE_X86_64 = "/native/linux/x86_64/libbulletjme.so";
  private static final String RESOURCE_ARM64 = "/native/linux/arm64/libbulletjme.so";
  private static boolean loaded;

  private BulletNatives() {}

  /**
   * Makes Bullet usable in this JVM; idempotent and thread-safe.
   *
   * @throws IllegalStateException when the native library for this platform is not on the classpath
   */
  public static synchronized void load() {
    if (loaded) {
      return;
    }
    String arch = System.getProperty("os.arch", "");
    String resource =
        arch.contains("aarch64") || arch.contains("arm64") ? RESOURCE_ARM64 : RESOURCE_X86_64;
    try (InputStream in = BulletNatives.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "Bullet native library "
                + resource
                + " not on the classpath for os.arch "
                + arch
                + ", expected the Libbulletjme SpRelease jar for this platform");
      }
      Path dir = Files.createTempDirectory("foresight-bullet");
      Path library = dir.resolve("libbulletjme.so");
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
      library.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      System.load(library.toAbsolutePath().toString());
      // The library prints a banner on stdout when the first space is created; command output
      // goes to stdout, so keep it clean.
      com.jme3.bullet.util.NativeLibrary.setStartupMessageEnabled(false);
      // Libbulletjme logs at INFO through java.util.logging; keep the console quiet.
      java.util.logging.Logger.getLogger("com.jme3").setLevel(java.util.logging.Level.WARNING);
      loaded = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the Bullet native library", e);
    }
  }
}
