package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ground-truth world model: the latent is the simulator's full state vector ({@link
 * SimWorld#saveState}) and {@link #predict} restores each sample into a private world, applies the
 * action exactly as {@link Episode#step} does, and saves the result. Slow, but exact: for planner
 * tests and upper bounds.
 *
 * <p>How a planner uses it: the oracle cannot see state in pixels, so it reads the true state of
 * the live episode it is bound to. {@link #encode} returns, for each observation, the goal state
 * when the observation's frame is the episode's goal image (byte for byte) and the live episode's
 * current state otherwise; {@link #encodeLive} and {@link #encodeGoal} do the same directly. A
 * planner therefore encodes the current camera frame and the goal image as usual, rolls candidate
 * actions forward with {@link #predict}, and scores rollouts, e.g. with {@link #taskState} and the
 * task's true state distance.
 *
 * <p>Cost: one prediction is a state restore (about 1 µs), one control step of physics (about
 * 0.1–0.16 ms of CPU for 24 substeps; nearly all of the time) and a state read-out (about 1.5 µs);
 * prediction worlds are built once and reused ({@code docs/long-horizon-experiments.md}). {@link
 * Settings} trade exactness for speed (coarser physics) or spread a batch over several worlds
 * stepped on their own threads (exact: every prediction is a pure function of its state).
 *
 * <p>Not thread-safe: use one oracle per thread.
 */
public final class OracleWorldModel implements WorldModel {

  /**
   * How the oracle's prediction worlds step.
   *
   * @param threads prediction worlds, each stepped on its own thread (1: on the caller's thread)
   * @param substepsPerControlStep physics steps per control step; 0 keeps the live world's (exact)
   * @param solverIterations constraint-solver iterations; 0 keeps the live world's (exact)
   */
  public record Settings(int threads, int substepsPerControlStep, int solverIterations) {
    /** One world on the caller's thread, the live world's physics: bit-identical predictions. */
    public static final Settings EXACT = new Settings(1, 0, 0);

    /** Checks the ranges. */
    public Settings {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException(
            "oracle threads: " + threads + " is out of range, expected 1..256");
      }
      if (substepsPerControlStep < 0 || solverIterations < 0) {
        throw new IllegalArgumentException(
            "oracle physics: substeps "
                + substepsPerControlStep
                + ", solver iterations "
                + solverIterations
                + ", expected >= 0 (0 = as the live world)");
      }
    }

    /** Whether predictions equal the live world's steps bit for bit. */
    public boolean exact() {
      return substepsPerControlStep == 0 && solverIterations == 0;
    }
  }

  private final Episode live;
  private final Episode scratch;
  private final Episode[] worlds;

  /** Bullet wants a space stepped on the thread that made it: one thread per extra world. */
  private final ExecutorService[] workers;

  private final List<Future<?>> pending = new ArrayList<>();
  private final int latentSize;

  /**
   * Binds an oracle to a live episode; predictions run in a private world of the same task.
   *
   * @param live the episode being controlled. Not modified.
   */
  public OracleWorldModel(Episode live) {
    this(live, Settings.EXACT);
  }

  /**
   * Binds an oracle to a live episode; predictions run in {@code settings.threads()} private worlds
   * of the same task, with the given physics.
   *
   * @param live the episode being controlled. Not modified.
   */
  public OracleWorldModel(Episode live, Settings settings) {
    this.live = live;
    this.latentSize = live.world().stateSize();
    this.worlds = new Episode[settings.threads()];
    this.workers = new ExecutorService[settings.threads()];
    try {
      worlds[0] = predictionWorld(live, settings);
      for (int t = 1; t < worlds.length; t++) {
        workers[t] =
            Executors.newSingleThreadExecutor(
                task -> {
                  Thread thread = new Thread(task, "oracle-prediction");
                  thread.setDaemon(true);
                  return thread;
                });
        worlds[t] = workers[t].submit(() -> predictionWorld(live, settings)).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while building prediction worlds", e);
    } catch (ExecutionException | RuntimeException e) {
      close();
      throw new IllegalStateException("cannot build the oracle's prediction worlds: " + e, e);
    }
    this.scratch = worlds[0];
  }

  private static Episode predictionWorld(Episode live, Settings settings) {
    Episode world =
        new Episode(live.task(), live.seed(), RenderSettings.defaults().withSize(16, 16));
    if (world.world().stateSize() != live.world().stateSize()) {
      world.close();
      throw new IllegalStateException("oracle world does not match the live episode's world");
    }
    if (!settings.exact()) {
      SimWorld physics = world.world();
      physics.setPredictionPhysics(
          settings.substepsPerControlStep() > 0
              ? settings.substepsPerControlStep()
              : physics.substeps(),
          settings.solverIterations() > 0 ? settings.solverIterations() : 20);
    }
    return world;
  }

  @Override
  public int latentSize() {
    return latentSize;
  }

  @Override
  public int actionSize() {
    return Action.SIZE;
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    for (int i = 0; i < observations.size(); i++) {
      byte[] pixels = observations.get(i).frame().pixels();
      if (Arrays.equals(pixels, live.goalFrame())) {
        encodeGoal(latentsOut, i * latentSize);
      } else {
        encodeLive(latentsOut, i * latentSize);
      }
    }
  }

  /**
   * Writes the live episode's current state.
   *
   * @param out {@link #latentSize()} floats from {@code offset}. Modified.
   */
  public void encodeLive(float[] out, int offset) {
    live.world().saveState(out, offset);
  }

  /**
   * Writes the live episode's goal state.
   *
   * @param out {@link #latentSize()} floats from {@code offset}. Modified.
   */
  public void encodeGoal(float[] out, int offset) {
    System.arraycopy(live.goalState(), 0, out, offset, latentSize);
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    if (worlds.length == 1 || count < 2 * worlds.length) {
      predictRange(scratch, 0, count, latents, actions, nextLatentsOut);
      return;
    }
    int chunk = (count + worlds.length - 1) / worlds.length;
    pending.clear();
    for (int t = 1; t < worlds.length; t++) {
      Episode world = worlds[t];
      int from = Math.min(count, t * chunk);
      int to = Math.min(count, from + chunk);
      pending.add(
          workers[t].submit(() -> predictRange(world, from, to, latents, actions, nextLatentsOut)));
    }
    predictRange(scratch, 0, Math.min(count, chunk), latents, actions, nextLatentsOut);
    try {
      for (Future<?> future : pending) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while predicting", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("oracle prediction failed: " + e.getCause(), e.getCause());
    }
  }

  private void predictRange(
      Episode world, int from, int to, float[] latents, float[] actions, float[] nextLatentsOut) {
    for (int i = from; i < to; i++) {
      world.world().restoreState(latents, i * latentSize);
      world.step(Action.fromArray(actions, i * Action.SIZE));
      world.world().saveState(nextLatentsOut, i * latentSize);
    }
  }

  /**
   * Task state of a latent (the task's true state distance is Euclidean on these).
   *
   * @param latents latents. Not modified.
   * @param out {@link TaskSpec#taskStateSize()} floats. Modified.
   */
  public void taskState(float[] latents, int offset, float[] out) {
    scratch.world().restoreState(latents, offset);
    scratch.taskState(out);
  }

  /** Whether the task's success criterion holds in a latent state. */
  public boolean success(float[] latents, int offset) {
    scratch.world().restoreState(latents, offset);
    return scratch.success();
  }

  @Override
  public void close() {
    for (int t = 0; t < worlds.length; t++) {
      Episode world = worlds[t];
      if (world != null && workers[t] != null) {
        workers[t].submit(world::close);
      } else if (world != null) {
        world.close();
      }
      if (workers[t] != null) {
        workers[t].shutdown();
      }
    }
  }
}
