package dev.foresight.sim;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over everything an episode produces: goal image and state, and per step the frames of
 * both cameras (one jittered), the full simulator state, proprio and task state.
 */
final class EpisodeFingerprint {
  static final int STEPS = 25;

  private EpisodeFingerprint() {}

  static String of(String taskName, long seed) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    SimTask task = Tasks.byName(taskName);
    RenderSettings perspective =
        new RenderSettings(32, 32, RenderSettings.Camera.PERSPECTIVE, seed);
    Renderer jittered = Renderer.create(perspective);
    try (Episode episode = new Episode(task, seed, RenderSettings.defaults().withSize(32, 32))) {
      digest.update(episode.goalFrame());
      update(digest, episode.goalState());
      Policy policy = PolicyKind.MIXED.create(episode);
      byte[] frame = new byte[32 * 32 * 3];
      float[] state = new float[episode.world().stateSize()];
      float[] proprio = new float[Episode.PROPRIO_SIZE];
      float[] taskState = new float[task.spec().taskStateSize()];
      for (int t = 0; t <= STEPS; t++) {
        episode.render(frame);
        digest.update(frame);
        jittered.render(episode.world(), frame);
        digest.update(frame);
        episode.world().saveState(state, 0);
        update(digest, state);
        episode.proprio(proprio);
        update(digest, proprio);
        episode.taskState(taskState);
        update(digest, taskState);
        if (t < STEPS) {
          episode.step(policy.act(episode));
        }
      }
      digest.update((byte) (episode.success() ? 1 : 0));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
    buffer.asFloatBuffer().put(values);
    digest.update(buffer.array());
  }

  /** Prints {@code task seed fingerprint} lines for the arguments {@code seed task...}. */
  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    for (int i = 1; i < args.length; i++) {
      System.out.println(args[i] + " " + seed + " " + of(args[i], seed));
    }
  }
}
