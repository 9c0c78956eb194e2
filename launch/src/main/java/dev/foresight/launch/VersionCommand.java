package dev.foresight.launch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code foresight version}: prints the version, Java runtime and platform. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print Foresight's version, the Java runtime and the platform.")
final class VersionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine()
        .getOut()
        .printf(
            "foresight %s%njava %s (%s)%nplatform %s-%s%n",
            ForesightCli.version(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT),
            System.getProperty("os.arch"));
  }
}
