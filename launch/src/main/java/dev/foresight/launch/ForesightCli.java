package dev.foresight.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code foresight} command. */
@Command(
    name = "foresight",
    mixinStandardHelpOptions = true,
    versionProvider = ForesightCli.Version.class,
    description = "Foresight: robot arms that imagine before they move.",
    subcommands = {
      ConfigCommand.class,
      VersionCommand.class,
      DemoCommand.class,
      RunCommand.class,
      SimCommand.class,
      DataCommand.class,
      ExploreCommand.class,
      RecordCommand.class,
      DistCommand.class,
      TrainCommand.class,
      ModelCommand.class,
      BenchCommand.class,
      NodeCommand.class,
      AgentCommand.class,
      ViewCommand.class,
      LaunchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ForesightCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the CLI with the given streams; used by {@link #main} and by tests.
   *
   * @return the exit status: 0 success, 1 a failed check, 2 bad usage
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new ForesightCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          // Bad input reaches the user as one line, not a stack trace.
          cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(exception));
          return 1;
        });
    return commandLine.execute(args);
  }

  /**
   * The message of a failure as one line. A file-system exception's own message is often only the
   * path ({@code NoSuchFileException}); this says what is wrong with it.
   */
  static String oneLine(Exception exception) {
    if (exception instanceof java.nio.file.NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    }
    if (exception instanceof java.nio.file.AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    if (exception instanceof java.nio.file.NotDirectoryException e) {
      return e.getFile() + ": not a directory, expected a directory";
    }
    String message = exception.getMessage();
    return message == null || message.isBlank() ? exception.getClass().getSimpleName() : message;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version this build was made from. */
  public static String version() {
    try (InputStream in = ForesightCli.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties missing from the launch jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"foresight " + version()};
    }
  }
}
