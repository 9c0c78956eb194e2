package dev.foresight.testsupport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leak while it ran: after the class, forces a garbage
 * collection and fails naming each leaked buffer's access records. Registered by JUnit's extension
 * auto-detection (enabled in the parent pom) in every module that has this one as a test
 * dependency.
 */
public final class NettyLeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Set<Class<?>> CHECKED = ConcurrentHashMap.newKeySet();

  /** Whether this extension ran for {@code testClass}, i.e. the build registered it. */
  static boolean checks(Class<?> testClass) {
    return CHECKED.contains(testClass);
  }

  /** Checks that Netty's reports are being recorded, so that no leak can pass unnoticed. */
  @Override
  public void beforeAll(ExtensionContext context) {
    if (!NettyLeaks.recordsBufferLeaks()) {
      throw new IllegalStateException(
          "Netty created its buffer leak detector before the recording one was installed, so"
              + " leaks would only be logged; NettyLeakSessionListener must be on the test"
              + " classpath");
    }
    context.getTestClass().ifPresent(CHECKED::add);
  }

  /** Sweeps for leaks and fails the class when there were any. */
  @Override
  public void afterAll(ExtensionContext context) {
    List<LeakReport> leaks = NettyLeaks.sweep();
    if (!leaks.isEmpty()) {
      String where = context.getTestClass().map(Class::getName).orElse(context.getDisplayName());
      throw new AssertionError(NettyLeaks.describe(leaks, where));
    }
  }
}
