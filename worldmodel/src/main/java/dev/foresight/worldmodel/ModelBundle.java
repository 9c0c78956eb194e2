package dev.foresight.worldmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foresight.core.io.AtomicFiles;
import dev.foresight.core.io.BoundedFiles;
import dev.foresight.core.io.ErrorLines;
import dev.foresight.core.io.InvalidFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model bundle directory: {@code encoder.onnx}, {@code predictor.onnx} and {@code manifest.json}
 * (see {@link ModelManifest}), whose {@code files} section records the size and SHA-256 of both
 * ONNX files. Reading verifies everything and reports the first problem with the file and what was
 * expected: the manifest is bounded and checked field by field ({@link ModelManifest#read}), each
 * ONNX file's size is compared with the manifest before it is read (at most {@link
 * ModelManifest#MAX_ONNX_BYTES}), then its SHA-256, then its tensors against the manifest's
 * architecture.
 *
 * @param directory where the bundle was read from
 * @param manifest parsed manifest
 * @param encoderOnnx encoder model bytes (checksum verified)
 * @param predictorOnnx predictor model bytes (checksum verified)
 */
public record ModelBundle(
    Path directory, ModelManifest manifest, byte[] encoderOnnx, byte[] predictorOnnx) {

  /** Encoder file name. */
  public static final String ENCODER = "encoder.onnx";

  /** Predictor file name. */
  public static final String PREDICTOR = "predictor.onnx";

  /** Manifest file name. */
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Reads and verifies a bundle.
   *
   * @throws IOException naming the missing or corrupt file and what was expected
   */
  public static ModelBundle read(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new NoSuchFileException(
          directory
              + " (model bundle directory not found; expected a directory with "
              + MANIFEST
              + ", "
              + ENCODER
              + ", "
              + PREDICTOR
              + ")");
    }
    Path manifestFile = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new NoSuchFileException(manifestFile + " (model bundle manifest missing)");
    }
    ModelManifest manifest = ModelManifest.read(manifestFile);
    byte[] encoder = readChecked(directory, ENCODER, manifest);
    byte[] predictor = readChecked(directory, PREDICTOR, manifest);
    Weights stored = initializers(directory.resolve(ENCODER), encoder);
    for (Map.Entry<String, Weights.Tensor> entry :
        initializers(directory.resolve(PREDICTOR), predictor).all().entrySet()) {
      stored.put(entry.getKey(), entry.getValue().shape(), entry.getValue().values());
    }
    checkShapes(manifestFile, manifest.architecture(), stored);
    return new ModelBundle(directory, manifest, encoder, predictor);
  }

  private static Weights initializers(Path file, byte[] onnx) throws InvalidFileException {
    try {
      return OnnxFormat.readInitializers(onnx);
    } catch (RuntimeException e) {
      // Protobuf and tensor-shape problems of a file whose checksum the manifest vouches for.
      throw new InvalidFileException(
          file.toString(),
          ErrorLines.oneLine(e.getMessage()),
          "an ONNX model with float tensors as Foresight exports them",
          e);
    }
  }

  /**
   * The ONNX files must hold the tensors the manifest's architecture describes (the PyTorch engine
   * and the parity check build the network from the manifest), e.g. not 32 keypoints where the
   * manifest says 16.
   */
  private static void checkShapes(Path manifestFile, Architecture architecture, Weights stored)
      throws IOException {
    for (Map.Entry<String, long[]> expected : Weights.shapes(architecture).entrySet()) {
      String name = expected.getKey();
      if (!name.startsWith("enc.") && !name.startsWith("pred.")) {
        continue; // training-only heads are not exported
      }
      long[] want = expected.getValue();
      long[] have = stored.contains(name) ? stored.get(name).shape() : null;
      if (!java.util.Arrays.equals(want, have)) {
        throw new IOException(
            manifestFile
                + ": its architecture ("
                + architecture.encoder().name().toLowerCase(java.util.Locale.ROOT)
                + " encoder, conv channels "
                + java.util.Arrays.toString(architecture.convChannels())
                + ", keypoints "
                + architecture.keypoints()
                + ") expects "
                + name
                + " of shape "
                + java.util.Arrays.toString(want)
                + ", the ONNX files have "
                + (have == null ? "no such tensor" : java.util.Arrays.toString(have)));
      }
    }
  }

  private static byte[] readChecked(Path directory, String name, ModelManifest manifest)
      throws IOException {
    Path file = directory.resolve(name);
    ModelManifest.FileEntry entry = manifest.files().get(name);
    if (entry == null) {
      throw new IOException(directory.resolve(MANIFEST) + ": no checksum for " + name);
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file + " (listed in the bundle manifest but missing)");
    }
    // The size is compared before reading, so a file of any size costs nothing to reject.
    long size = Files.size(file);
    String expected = ", expected " + entry.bytes() + " bytes with SHA-256 " + entry.sha256();
    if (size != entry.bytes()) {
      throw new IOException(file + ": corrupt: " + size + " bytes" + expected);
    }
    byte[] bytes = BoundedFiles.readAllBytes(file, entry.bytes(), "this bundle's " + name);
    String actual = sha256(bytes);
    if (bytes.length != entry.bytes() || !actual.equals(entry.sha256())) {
      throw new IOException(
          file + ": corrupt: " + bytes.length + " bytes with SHA-256 " + actual + expected);
    }
    return bytes;
  }

  /**
   * Writes a bundle: both ONNX files, then the manifest with their checksums; each file goes to a
   * temporary name first and is renamed into place.
   *
   * @param manifestWithoutFiles manifest whose {@code files} entry is replaced
   * @param encoder the encoder graph as ONNX bytes
   * @param predictor the predictor graph as ONNX bytes
   */
  public static ModelBundle write(
      Path directory, ModelManifest manifestWithoutFiles, byte[] encoder, byte[] predictor)
      throws IOException {
    Files.createDirectories(directory);
    AtomicFiles.writeBytes(directory.resolve(ENCODER), encoder);
    AtomicFiles.writeBytes(directory.resolve(PREDICTOR), predictor);
    Map<String, ModelManifest.FileEntry> files = new LinkedHashMap<>();
    files.put(ENCODER, new ModelManifest.FileEntry(encoder.length, sha256(encoder)));
    files.put(PREDICTOR, new ModelManifest.FileEntry(predictor.length, sha256(predictor)));
    ModelManifest m = manifestWithoutFiles;
    ModelManifest manifest =
        new ModelManifest(
            m.format(),
            m.version(),
            m.imageWidth(),
            m.imageHeight(),
            m.channelOrder(),
            m.pixelMean(),
            m.pixelStd(),
            m.latentSize(),
            m.stateSize(),
            m.stateLayout(),
            m.proprioSize(),
            m.proprioNames(),
            m.proprioMean(),
            m.proprioStd(),
            m.actionSize(),
            m.actionNames(),
            m.actionLow(),
            m.actionHigh(),
            m.actionScale(),
            m.frameSkip(),
            m.controlPeriodSeconds(),
            m.convChannels(),
            m.predictorHidden(),
            m.inverseHidden(),
            m.keypoints(),
            m.keypointMoments(),
            m.training(),
            files);
    writeManifest(directory, manifest);
    return new ModelBundle(directory, manifest, encoder, predictor);
  }

  /** Rewrites only the manifest (e.g. to add evaluation metrics); checksums stay valid. */
  public static void writeManifest(Path directory, ModelManifest manifest) throws IOException {
    AtomicFiles.writeBytes(directory.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
  }

  /** The weights stored in the two ONNX files (encoder and predictor tensors). */
  public Weights weights() {
    Weights weights = OnnxFormat.readInitializers(encoderOnnx);
    for (Map.Entry<String, Weights.Tensor> entry :
        OnnxFormat.readInitializers(predictorOnnx).all().entrySet()) {
      weights.put(entry.getKey(), entry.getValue().shape(), entry.getValue().values());
    }
    return weights;
  }

  /** Total size of the bundle files in bytes. */
  public long sizeBytes() {
    return encoderOnnx.length + predictorOnnx.length;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
