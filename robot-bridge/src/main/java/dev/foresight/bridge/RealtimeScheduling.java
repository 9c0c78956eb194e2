package dev.foresight.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gives one latency-critical thread real-time scheduling on Linux without native bindings: the
 * thread finds its own kernel thread id ({@code /proc/thread-self}), has util-linux's {@code chrt
 * -f -p PRIORITY TID} (and {@code taskset -p -c CPUS TID} when pinning) run on it, then reads the
 * policy back from {@code /proc/self/task/TID/stat}. Only that thread changes; the JVM's other
 * threads (GC, JIT, logging) keep normal priority.
 *
 * <p>When the kernel refuses (no {@code CAP_SYS_NICE}, {@code RLIMIT_RTPRIO} of 0) or the tools are
 * missing, the thread keeps running at normal priority and the returned {@link ThreadScheduling}
 * says why; {@link #advice(int)} tells the operator how to allow it.
 */
public final class RealtimeScheduling {
  /** Linux {@code SCHED_OTHER}: the normal time-sharing policy. */
  public static final int SCHED_OTHER = 0;

  /** Linux {@code SCHED_FIFO}: fixed-priority real-time, runs until it blocks. */
  public static final int SCHED_FIFO = 1;

  private static final long TOOL_TIMEOUT_MILLIS = 5000;

  private RealtimeScheduling() {}

  /**
   * What one thread got.
   *
   * @param role the thread's job, e.g. {@code agent-io}, {@code control}
   * @param tid the Linux thread id, or -1 when unknown (not Linux)
   * @param policy {@link #SCHED_OTHER}, {@link #SCHED_FIFO} or another Linux policy number; -1 when
   *     unknown
   * @param priority the real-time priority (1–99), 0 under a normal policy
   * @param cpus the CPU list the thread was pinned to, or null when not pinned
   * @param problem why the requested scheduling was not applied, or null when it was (or none was
   *     requested)
   */
  public record ThreadScheduling(
      String role, long tid, int policy, int priority, String cpus, String problem) {
    /** Whether the thread runs under SCHED_FIFO now. */
    public boolean realtime() {
      return policy == SCHED_FIFO;
    }

    /** E.g. {@code control (tid 1234): SCHED_FIFO 50, CPUs 1}. */
    public String describe() {
      StringBuilder s = new StringBuilder(role);
      if (tid >= 0) {
        s.append(" (tid ").append(tid).append(')');
      }
      s.append(": ").append(policyName(policy));
      if (policy == SCHED_FIFO || priority > 0) {
        s.append(' ').append(priority);
      }
      if (cpus != null) {
        s.append(", CPUs ").append(cpus);
      }
      if (problem != null) {
        s.append(" [").append(problem).append(']');
      }
      return s.toString();
    }
  }

  /** Linux name of a scheduling policy number. */
  public static String policyName(int policy) {
    return switch (policy) {
      case SCHED_OTHER -> "SCHED_OTHER (normal)";
      case SCHED_FIFO -> "SCHED_FIFO";
      case 2 -> "SCHED_RR";
      case 3 -> "SCHED_BATCH";
      case 5 -> "SCHED_IDLE";
      case 6 -> "SCHED_DEADLINE";
      default -> policy < 0 ? "unknown policy" : "policy " + policy;
    };
  }

  /**
   * Applies {@code options} to the calling thread: SCHED_FIFO at its priority and, when given, the
   * CPU list. Does nothing but report the current policy when real-time scheduling is off. Never
   * throws for a refusal; the result's {@code problem} says what went wrong.
   *
   * @param role names the thread in the report
   */
  public static ThreadScheduling applyToCurrentThread(String role, LatencyOptions options) {
    long tid = currentTid();
    if (tid < 0 || !options.changesThreads()) {
      return apply(role, tid, options);
    }
    // The tools run from a helper thread created while this thread still has normal priority, so
    // neither the helper nor the JDK's process-reaper thread it may start inherits SCHED_FIFO.
    AtomicReference<ThreadScheduling> result = new AtomicReference<>();
    Thread helper =
        new Thread(
            () -> {
              try {
                result.set(apply(role, tid, options));
              } catch (RuntimeException e) {
                result.set(new ThreadScheduling(role, tid, -1, 0, null, e.toString()));
              }
            },
            "foresight-rt-setup");
    helper.setDaemon(true);
    helper.start();
    try {
      helper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ThreadScheduling(
          role, tid, -1, 0, null, "interrupted while applying real-time scheduling");
    }
    return result.get();
  }

  private static ThreadScheduling apply(String role, long tid, LatencyOptions options) {
    if (tid < 0) {
      return new ThreadScheduling(
          role,
          -1,
          -1,
          0,
          null,
          options.realtime() ? "not Linux: /proc/thread-self is missing" : null);
    }
    String problem = null;
    String pinned = null;
    if (options.cpuList() != null) {
      String failure =
          runTool(options.tasksetCommand(), "-p", "-c", options.cpuList(), Long.toString(tid));
      if (failure == null) {
        pinned = options.cpuList();
      } else {
        problem = "CPU affinity " + options.cpuList() + " not applied: " + failure;
      }
    }
    if (options.realtime()) {
      String failure =
          runTool(
              options.chrtCommand(),
              "-f",
              "-p",
              Integer.toString(options.realtimePriority()),
              Long.toString(tid));
      if (failure != null) {
        problem =
            join(problem, "SCHED_FIFO " + options.realtimePriority() + " refused: " + failure);
      }
    }
    ThreadScheduling now = read(role, tid);
    if (options.realtime() && problem == null && !now.realtime()) {
      problem =
          "chrt reported success but the thread runs under " + policyName(now.policy()) + " still";
    }
    return new ThreadScheduling(role, tid, now.policy(), now.priority(), pinned, problem);
  }

  /**
   * The scheduling of one thread of this process as the kernel reports it.
   *
   * @param tid a Linux thread id of this process
   */
  public static ThreadScheduling read(String role, long tid) {
    Path stat = Path.of("/proc/self/task/" + tid + "/stat");
    try {
      String text = Files.readString(stat, StandardCharsets.US_ASCII).trim();
      // Fields after the parenthesised command name (which may hold spaces): field 3 onwards.
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      int priority = Integer.parseInt(fields[40 - 3]);
      int policy = Integer.parseInt(fields[41 - 3]);
      return new ThreadScheduling(role, tid, policy, priority, null, null);
    } catch (IOException | RuntimeException e) {
      return new ThreadScheduling(role, tid, -1, 0, null, "cannot read " + stat + ": " + e);
    }
  }

  /** The calling thread's Linux thread id, or -1 when {@code /proc/thread-self} is missing. */
  public static long currentTid() {
    try {
      // "/proc/thread-self" links to "<pid>/task/<tid>".
      Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      return Long.parseLong(link.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** One line telling the operator how to allow SCHED_FIFO at {@code priority} for this process. */
  public static String advice(int priority) {
    return String.format(
        Locale.ROOT,
        "to allow real-time priority: run as root, or raise the limit ('ulimit -r %d' in the"
            + " launching shell, or 'rtprio %d' in /etc/security/limits.conf), or start it from a"
            + " systemd unit with LimitRTPRIO=%d (or CPUSchedulingPolicy=fifo), or 'setcap"
            + " cap_sys_nice+ep' on the java binary",
        priority,
        priority,
        priority);
  }

  /** Runs a tool; null when it exited 0, else one line saying why not. */
  private static String runTool(String command, String... args) {
    String[] argv = new String[args.length + 1];
    argv[0] = command;
    System.arraycopy(args, 0, argv, 1, args.length);
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      return "'" + command + "' cannot be run (" + e.getMessage() + "; it is part of util-linux)";
    }
    try (InputStream in = process.getInputStream()) {
      byte[] output = in.readNBytes(4096);
      if (!process.waitFor(TOOL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return "'" + command + "' did not finish within " + TOOL_TIMEOUT_MILLIS + " ms";
      }
      if (process.exitValue() == 0) {
        return null;
      }
      String text = new String(output, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      String first = newline < 0 ? text : text.substring(0, newline).strip();
      return first.isEmpty() ? "'" + command + "' exited with " + process.exitValue() : first;
    } catch (IOException e) {
      return "'" + command + "' failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return "interrupted while running '" + command + "'";
    }
  }

  private static String join(String a, String b) {
    return a == null ? b : a + "; " + b;
  }
}
