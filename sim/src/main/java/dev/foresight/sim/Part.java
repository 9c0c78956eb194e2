package dev.foresight.sim;

/**
 * A visible primitive attached to a body, used by the renderers.
 *
 * @param shape primitive kind
 * @param halfX half extent along the body's x axis (box) or radius (cylinder, sphere), metres
 * @param halfY half extent along y (box), metres
 * @param halfZ half extent along z (box, cylinder), metres
 * @param offsetX offset of the part centre in the body frame, metres
 * @param offsetY offset in the body frame, metres
 * @param offsetZ offset in the body frame, metres
 * @param rgb colour as 0xRRGGBB
 */
public record Part(
    Shape shape,
    float halfX,
    float halfY,
    float halfZ,
    float offsetX,
    float offsetY,
    float offsetZ,
    int rgb) {

  /** Primitive kinds the renderers understand. */
  public enum Shape {
    /** Axis-aligned box in the body frame. */
    BOX,
    /** Cylinder with its axis along body z. */
    CYLINDER,
    /** Sphere. */
    SPHERE
  }

  /** A box centred on its body. */
  public static Part box(float halfX, float halfY, float halfZ, int rgb) {
    return new Part(Shape.BOX, halfX, halfY, halfZ, 0, 0, 0, rgb);
  }
}
