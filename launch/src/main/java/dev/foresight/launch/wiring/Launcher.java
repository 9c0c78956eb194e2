package dev.foresight.launch.wiring;

import dev.foresight.launch.wiring.LaunchDescription.Component;
import dev.foresight.launch.wiring.LaunchDescription.Mode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link LaunchDescription}: starts components in dependency order, waiting for each to be
 * ready (its TCP port accepts connections, if it names one), then watches them. When any component
 * exits, or {@link #requestStop()} is called (Ctrl-C), every component still running is stopped in
 * reverse start order — the commanding side first, the bridge agent (which holds the arm as it
 * stops) after it. Output of every component is prefixed with its name.
 */
public final class Launcher {
  /** Runs a foresight subcommand in this JVM; returns its exit status. */
  @FunctionalInterface
  public interface InlineRunner {
    /**
     * @param out where the command writes its standard output. Not closed.
     * @param err where it writes errors. Not closed.
     * @param args subcommand and arguments
     */
    int run(PrintWriter out, PrintWriter err, String... args);
  }

  private static final long POLL_MILLIS = 20;

  private final PrintWriter out;
  private final InlineRunner inlineRunner;
  private final List<String> foresightProcessPrefix;
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  /**
   * @param out where launcher and component output goes
   * @param inlineRunner runs inline foresight subcommands
   * @param foresightProcessPrefix command that starts the foresight CLI as its own process (e.g.
   *     {@code java -cp … dev.foresight.launch.ForesightCli}); subcommand arguments are appended
   */
  public Launcher(PrintWriter out, InlineRunner inlineRunner, List<String> foresightProcessPrefix) {
    this.out = out;
    this.inlineRunner = inlineRunner;
    this.foresightProcessPrefix = List.copyOf(foresightProcessPrefix);
  }

  /** Asks a running {@link #run} to stop everything and return. Safe from any thread. */
  public void requestStop() {
    stopRequested.set(true);
  }

  /**
   * Starts the components and blocks until one exits, start-up fails or a stop is requested; then
   * stops the rest.
   *
   * @return the exit status of the component that ended the run, 0 after a requested stop, 1 when a
   *     component could not start or become ready
   */
  public int run(LaunchDescription description) {
    List<Running> running = new ArrayList<>();
    int status;
    try {
      status = startAll(description, running);
      if (status < 0) {
        status = watch(running);
      }
    } finally {
      stopAll(running);
    }
    log(description.name(), "stopped (status " + status + ")");
    return status;
  }

  private int startAll(LaunchDescription description, List<Running> running) {
    for (Component component : LaunchLoader.startOrder(description)) {
      if (stopRequested.get()) {
        return 0;
      }
      log(component.name(), "starting: " + String.join(" ", component.command()));
      Running started;
      try {
        started = start(component);
      } catch (IOException | UncheckedIOException e) {
        log(component.name(), "failed to start: " + e.getMessage());
        return 1;
      }
      running.add(started);
      String problem = awaitReady(component, started);
      if (problem != null) {
        log(component.name(), "not ready: " + problem);
        return !started.isAlive() && started.exitStatus() != 0 ? started.exitStatus() : 1;
      }
      log(component.name(), "ready");
    }
    return -1;
  }

  private int watch(List<Running> running) {
    while (true) {
      if (stopRequested.get()) {
        log("launch", "stop requested");
        return 0;
      }
      for (Running component : running) {
        if (!component.isAlive() && !component.oneShot()) {
          int status = component.exitStatus();
          log(component.name(), "exited with status " + status + "; stopping the others");
          return status;
        }
      }
      sleep(POLL_MILLIS);
    }
  }

  private void stopAll(List<Running> running) {
    for (int i = running.size() - 1; i >= 0; i--) {
      Running component = running.get(i);
      if (component.isAlive()) {
        log(component.name(), "stopping");
        component.stop();
      }
    }
  }

  private String awaitReady(Component component, Running started) {
    if (!component.oneShot() && component.readyTcpPort() == 0) {
      return null; // ready once started; an early exit is seen by watch()
    }
    long deadline = System.nanoTime() + component.readyTimeout().toNanos();
    while (true) {
      if (!started.isAlive()) {
        int status = started.exitStatus();
        if (component.oneShot() && status == 0) {
          return null;
        }
        return "exited with status " + status + (component.oneShot() ? "" : " during start-up");
      }
      if (!component.oneShot() && portOpen(component.readyTcpPort())) {
        return null;
      }
      if (stopRequested.get()) {
        return "stop requested during start-up";
      }
      if (System.nanoTime() > deadline) {
        return "nothing listening on 127.0.0.1:"
            + component.readyTcpPort()
            + " after "
            + component.readyTimeout().toMillis()
            + " ms";
      }
      sleep(POLL_MILLIS * 5);
    }
  }

  private static boolean portOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Running start(Component component) throws IOException {
    if (component.foresight() && component.mode() == Mode.INLINE) {
      return new InlineComponent(component);
    }
    List<String> command = new ArrayList<>();
    if (component.foresight()) {
      command.addAll(foresightProcessPrefix);
    }
    command.addAll(component.command());
    return new ProcessComponent(
        component, new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private void log(String name, String message) {
    synchronized (out) {
      out.println("[" + name + "] " + message);
      out.flush();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A started component. */
  private abstract static class Running {
    final Component component;

    Running(Component component) {
      this.component = component;
    }

    final String name() {
      return component.name();
    }

    final boolean oneShot() {
      return component.oneShot();
    }

    abstract boolean isAlive();

    abstract int exitStatus();

    abstract void stop();
  }

  private final class InlineComponent extends Running {
    private final Thread thread;
    private final AtomicInteger status = new AtomicInteger(Integer.MIN_VALUE);

    InlineComponent(Component component) {
      super(component);
      PrintWriter prefixed = new PrintWriter(new PrefixWriter(component.name()), true);
      this.thread =
          new Thread(
              () -> {
                int result;
                try {
                  result =
                      inlineRunner.run(
                          prefixed, prefixed, component.command().toArray(String[]::new));
                } catch (RuntimeException e) {
                  prefixed.println("failed: " + e);
                  result = 1;
                }
                prefixed.flush();
                status.set(result);
              },
              "launch-" + component.name());
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    boolean isAlive() {
      return thread.isAlive();
    }

    @Override
    int exitStatus() {
      return status.get() == Integer.MIN_VALUE ? 1 : status.get();
    }

    @Override
    void stop() {
      thread.interrupt();
      try {
        thread.join(component.stopTimeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        log(component.name(), "did not stop within " + component.stopTimeout().toMillis() + " ms");
      }
    }
  }

  private final class ProcessComponent extends Running {
    private final Process process;
    private final Thread pump;

    ProcessComponent(Component component, Process process) {
      super(component);
      this.process = process;
      this.pump =
          new Thread(
              () -> {
                try (BufferedReader reader =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = reader.readLine()) != null; ) {
                    log(component.name(), line);
                  }
                } catch (IOException e) {
                  // the process ended; nothing more to copy
                }
              },
              "launch-output-" + component.name());
      pump.setDaemon(true);
      pump.start();
    }

    @Override
    boolean isAlive() {
      return process.isAlive();
    }

    @Override
    int exitStatus() {
      try {
        int status = process.waitFor();
        pump.join(1000);
        return status;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }

    @Override
    void stop() {
      List<ProcessHandle> descendants = process.descendants().toList();
      process.destroy();
      descendants.forEach(ProcessHandle::destroy);
      try {
        if (!process.waitFor(component.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
          log(
              component.name(),
              "did not stop within " + component.stopTimeout().toMillis() + " ms; killing");
          process.destroyForcibly();
          process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** Writes complete lines to the launcher's output with a component prefix. */
  private final class PrefixWriter extends Writer {
    private final String name;
    private final StringBuilder line = new StringBuilder();

    PrefixWriter(String name) {
      this.name = name;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        if (buffer[i] == '\n') {
          log(name, line.toString());
          line.setLength(0);
        } else if (buffer[i] != '\r') {
          line.append(buffer[i]);
        }
      }
    }

    @Override
    public synchronized void flush() {}

    @Override
    public synchronized void close() {
      if (line.length() > 0) {
        log(name, line.toString());
        line.setLength(0);
      }
    }
  }
}
