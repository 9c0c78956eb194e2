package dev.foresight.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the recording leak detector when a test run starts, before any test class can touch
 * Netty. Registered through {@code META-INF/services}.
 */
public final class NettyLeakSessionListener implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    NettyLeaks.install();
  }
}
