package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A test-pattern camera: publishes moving-gradient rgb8 images; with {@code --image}, a picture
 * from a file (e.g. a goal image), latched (transient local on ROS 2).
 */
@Command(
    name = "camera",
    mixinStandardHelpOptions = true,
    description = {
      "Publish a test-pattern camera as sensor_msgs/Image on 'image'",
      "(default: the config's ros.cameraTopic; remap with image:=/other).",
      "--image FILE publishes that picture instead (e.g. a goal image on goal_image), latched."
    })
final class CameraNodeCommand extends RosNodeRunner {
  @Option(names = "--rate", description = "Frames per second (default ${DEFAULT-VALUE}).")
  double rateHz = 10;

  @Option(names = "--width", description = "Pixels per row (default ${DEFAULT-VALUE}).")
  int width = 640;

  @Option(names = "--height", description = "Rows (default ${DEFAULT-VALUE}).")
  int height = 480;

  @Option(
      names = "--frame-id",
      description = "Optical frame of the images (default ${DEFAULT-VALUE}).")
  String frameId = "camera_optical";

  @Option(
      names = "--image",
      paramLabel = "FILE",
      description =
          "Publish this picture (PNG or JPEG, as rgb8) at --rate instead of the test pattern,"
              + " latched (ROS 2: reliable, transient local).")
  java.nio.file.Path imageFile;

  @Override
  String defaultName() {
    return "foresight_camera";
  }

  @Override
  NodeCommand.Running start(NodeTransport node, RosSettings ros, PrintWriter out) {
    if (!(rateHz > 0 && rateHz <= 1000)) {
      throw new IllegalArgumentException(
          "--rate " + rateHz + " is out of range, expected (0, 1000] Hz");
    }
    if (width <= 0 || height <= 0 || (long) width * height > 16_000_000L) {
      throw new IllegalArgumentException(
          "--width/--height " + width + "x" + height + " out of range, expected 1..16 megapixels");
    }
    // The topic is called 'image' inside the node, so 'image:=/x' remaps it as ROS users expect;
    // without a remapping it is the configured camera topic.
    String topicName = node.local("image", ros.cameraTopic());
    Image picture = imageFile == null ? null : picture(imageFile);
    NodeTransport.Outlet<ImageMessage> publisher =
        node.advertise(
            Topic.of(topicName, ImageMessage.TYPE),
            picture == null ? NodeTransport.Delivery.SENSOR_DATA : NodeTransport.Delivery.LATCHED,
            picture == null ? 2 : 1);
    if (picture != null) {
      width = picture.width();
      height = picture.height();
    }
    byte[] pixels = picture == null ? new byte[width * height * 3] : picture.pixels();
    Image image = new Image(width, height, PixelEncoding.RGB8, pixels);
    AtomicInteger sequence = new AtomicInteger();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "camera-" + node.name()));
    timer.scheduleAtFixedRate(
        () -> {
          int seq = sequence.getAndIncrement();
          if (picture == null) {
            paint(pixels, width, height, seq);
          }
          publisher.publish(
              ImageMessage.fromImage(
                  Header.of(seq, System.currentTimeMillis() * 1_000_000L, frameId), image));
        },
        0,
        Math.max(1, Math.round(1e6 / rateHz)),
        TimeUnit.MICROSECONDS);
    out.printf(
        "foresight node camera: %s publishing %s (%dx%d rgb8) at %.1f Hz%n",
        node.name(), publisher.topicName(), width, height, rateHz);
    return () -> {
      timer.shutdownNow();
      try {
        timer.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /**
   * The picture in {@code file}, as rgb8.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read as an image
   */
  private static Image picture(java.nio.file.Path file) {
    try {
      return dev.foresight.core.io.ImageFiles.readRgb(file);
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "--image " + file + ": " + e.getMessage() + ", expected a readable PNG or JPEG file");
    }
  }

  /** A diagonal gradient that moves one pixel per frame; red marks the frame number. */
  static void paint(byte[] pixels, int width, int height, int frame) {
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[i++] = (byte) frame;
        pixels[i++] = (byte) (x + y + frame);
        pixels[i++] = (byte) (y * 255 / Math.max(1, height - 1));
      }
    }
  }
}
