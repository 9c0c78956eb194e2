package dev.foresight.launch;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.sim.report.Filmstrip;
import dev.foresight.sim.report.Plots;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Filmstrips and action plots of recorded episodes, for a person to look at before training. */
final class DatasetPictures {
  private static final int FILMSTRIP_FRAMES = 12;

  private DatasetPictures() {}

  /**
   * Writes {@code episode-NNNNNN-filmstrip.png} and {@code episode-NNNNNN-actions.png} for each
   * chosen episode into {@code out}.
   *
   * @param positions positions in the manifest's episode list; null for the first three
   * @return the files written
   * @throws IllegalArgumentException naming a position outside the list
   */
  static List<Path> write(Path directory, int[] positions, Path out) throws IOException {
    DatasetManifest manifest = DatasetManifest.read(directory.resolve("manifest.json"));
    int count = manifest.episodes().size();
    int[] chosen = positions != null ? positions : new int[Math.min(3, count)];
    if (positions == null) {
      Arrays.setAll(chosen, i -> i);
    }
    for (int position : chosen) {
      if (position < 0 || position >= count) {
        throw new IllegalArgumentException(
            "--episodes: "
                + position
                + " is not an episode of "
                + directory
                + ", expected a position in [0, "
                + (count - 1)
                + "]");
      }
    }
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    for (int position : chosen) {
      DatasetManifest.Entry entry = manifest.episodes().get(position);
      Path file = directory.resolve(entry.file());
      Map<String, NpyArray> arrays = Npz.read(file);
      String stem = entry.file().replace(".npz", "");
      List<Image> frames = frames(file, arrays.get("frames"));
      NpyArray goalFrame = arrays.get("goal_frame");
      Image goal =
          goalFrame != null
              ? image(goalFrame.bytes(), frames.get(0))
              : frames.get(frames.size() - 1);
      Path strip = out.resolve(stem + "-filmstrip.png");
      Plots.writePng(Filmstrip.render(frames, goal, FILMSTRIP_FRAMES, 2), strip);
      written.add(strip);
      Path plot = out.resolve(stem + "-actions.png");
      Plots.writePng(actionPlots(file, arrays.get("actions"), manifest.actionNames()), plot);
      written.add(plot);
    }
    return written;
  }

  private static List<Image> frames(Path file, NpyArray frames) throws InvalidFileException {
    if (frames == null || frames.shape().length != 4 || frames.shape()[3] != 3) {
      throw new InvalidFileException(
          file.toString(), "has no frames array of shape [T, H, W, 3]", "a dataset episode");
    }
    int h = frames.shape()[1];
    int w = frames.shape()[2];
    byte[] all = frames.bytes();
    List<Image> images = new ArrayList<>();
    for (int t = 0; t < frames.shape()[0]; t++) {
      byte[] pixels = Arrays.copyOfRange(all, t * h * w * 3, (t + 1) * h * w * 3);
      images.add(new Image(w, h, PixelEncoding.RGB8, pixels));
    }
    return images;
  }

  private static Image image(byte[] pixels, Image like) {
    return new Image(like.width(), like.height(), PixelEncoding.RGB8, pixels);
  }

  /** One line plot per action dimension, stacked. */
  private static BufferedImage actionPlots(Path file, NpyArray actions, List<String> names)
      throws InvalidFileException {
    if (actions == null || actions.shape().length != 2) {
      throw new InvalidFileException(
          file.toString(), "has no actions array of shape [T, A]", "a dataset episode");
    }
    int steps = actions.shape()[0];
    int size = actions.shape()[1];
    float[] values = actions.floats();
    List<BufferedImage> plots = new ArrayList<>();
    for (int d = 0; d < size; d++) {
      double[] series = new double[steps];
      for (int t = 0; t < steps; t++) {
        series[t] = values[t * size + d];
      }
      String name = d < names.size() ? names.get(d) : "action " + d;
      plots.add(Plots.line(name + " per step", "step", name, series, 1));
    }
    int width = plots.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
    int height = plots.stream().mapToInt(BufferedImage::getHeight).sum();
    BufferedImage stacked =
        new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = stacked.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, Math.max(1, height));
    int y = 0;
    for (BufferedImage plot : plots) {
      g.drawImage(plot, 0, y, null);
      y += plot.getHeight();
    }
    g.dispose();
    return stacked;
  }
}
