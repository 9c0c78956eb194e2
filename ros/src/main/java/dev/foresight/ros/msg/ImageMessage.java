package dev.foresight.ros.msg;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;

/**
 * {@code sensor_msgs/Image}: an uncompressed camera frame.
 *
 * @param header acquisition time and camera optical frame
 * @param height rows (unsigned 32-bit)
 * @param width columns (unsigned 32-bit)
 * @param encoding pixel encoding, e.g. {@code rgb8}
 * @param isBigendian 1 when multi-byte channels are big-endian
 * @param step bytes per row (unsigned 32-bit)
 * @param data {@code step * height} bytes (shared, not copied)
 */
public record ImageMessage(
    Header header,
    int height,
    int width,
    String encoding,
    byte isBigendian,
    int step,
    byte[] data) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "sensor_msgs/Image",
          "Header header\nuint32 height\nuint32 width\nstring encoding\nuint8 is_bigendian\n"
              + "uint32 step\nuint8[] data\n",
          Header.SPEC);

  /** The message type. */
  public static final MessageType<ImageMessage> TYPE =
      new SimpleMessageType<>(
          SPEC,
          ImageMessage.class,
          message ->
              Header.size(message.header)
                  + 8
                  + Wire.stringSize(message.encoding)
                  + 1
                  + 4
                  + 4
                  + message.data.length,
          (message, out) -> {
            Header.write(message.header, out);
            out.writeIntLE(message.height);
            out.writeIntLE(message.width);
            Wire.writeString(out, message.encoding);
            out.writeByte(message.isBigendian);
            out.writeIntLE(message.step);
            Wire.writeBytes(out, message.data);
          },
          in -> {
            Header header = Header.read(in);
            Wire.need(in, 8, "height, width");
            int height = in.readIntLE();
            int width = in.readIntLE();
            String encoding = Wire.readString(in, "encoding");
            Wire.need(in, 5, "is_bigendian, step");
            byte bigendian = in.readByte();
            int step = in.readIntLE();
            return new ImageMessage(
                header, height, width, encoding, bigendian, step, Wire.readBytes(in, "data"));
          });

  /** Checks the fields are present. */
  public ImageMessage {
    if (header == null || encoding == null || data == null) {
      throw new IllegalArgumentException(
          "sensor_msgs/Image header, encoding and data must be given");
    }
  }

  /** Wraps a Foresight image (pixels shared, not copied). */
  public static ImageMessage fromImage(Header header, Image image) {
    return new ImageMessage(
        header,
        image.height(),
        image.width(),
        image.encoding().rosName(),
        (byte) 0,
        image.stride(),
        image.pixels());
  }

  /**
   * Converts to a Foresight image; rows padded beyond {@code width * bytesPerPixel} are repacked.
   *
   * @throws IllegalArgumentException naming the encoding, step or byte count when they do not fit
   */
  public Image toImage() {
    PixelEncoding pixelEncoding = PixelEncoding.fromRosName(encoding);
    int rowBytes = width * pixelEncoding.bytesPerPixel();
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "sensor_msgs/Image size " + width + "x" + height + " is not positive");
    }
    if (step < rowBytes) {
      throw new IllegalArgumentException(
          "sensor_msgs/Image step " + step + " is shorter than a row of " + rowBytes + " bytes");
    }
    if ((long) step * height > data.length) {
      throw new IllegalArgumentException(
          "sensor_msgs/Image "
              + width
              + "x"
              + height
              + " step "
              + step
              + " needs "
              + (long) step * height
              + " bytes, got "
              + data.length);
    }
    if (step == rowBytes && data.length == rowBytes * height) {
      return new Image(width, height, pixelEncoding, data);
    }
    byte[] packed = new byte[rowBytes * height];
    for (int row = 0; row < height; row++) {
      System.arraycopy(data, row * step, packed, row * rowBytes, rowBytes);
    }
    return new Image(width, height, pixelEncoding, packed);
  }
}
