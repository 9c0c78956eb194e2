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

  /**
   * Worlds created since the last collection request. Each Bullet world holds megabytes of native
   * memory that is freed only after its Java objects are collected, so a collection is requested
   * every {@link #WORLDS_PER_COLLECTION} worlds.
   */
  private static int worldsSinceCollection;

  private static final int WORLDS_PER_COLLECTION = 32;

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
      // Libbulletjme frees native objects whose Java objects were collected on a thread that
      // blocks in freeUnusedObjects(); without it every world's native memory leaks.
      Thread cleaner =
          new Thread(
              com.jme3.bullet.NativePhysicsObject::freeUnusedObjects, "foresight-bullet-cleaner");
      cleaner.setDaemon(true);
      cleaner.start();
      loaded = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the Bullet native library", e);
    }
  }

  /** Called once per world created: requests a collection now and then (see above). */
  static synchronized void worldCreated() {
    if (++worldsSinceCollection >= WORLDS_PER_COLLECTION) {
      worldsSinceCollection = 0;
      System.gc();
    }
  }
}
