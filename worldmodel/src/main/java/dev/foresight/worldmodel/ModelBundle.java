package dev.foresight.worldmodel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model bundle directory: {@code encoder.onnx}, {@code predictor.onnx} and {@code manifest.json}
 * (see {@link ModelManifest}), whose {@code files} section records the size and SHA-256 of both
 * ONNX files. Reading verifies everything and reports the first problem with the file and what was
 * expected.
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
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
    ModelManifest manifest;
    try {
      manifest = JSON.readValue(manifestFile.toFile(), ModelManifest.class);
    } catch (IOException e) {
      throw new IOException(
          manifestFile
              + ": not a valid model manifest: "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    if (!ModelManifest.FORMAT.equals(manifest.format())) {
      throw new IOException(
          manifestFile
              + ": format is '"
              + manifest.format()
              + "', expected '"
              + ModelManifest.FORMAT
              + "'");
    }
    if (manifest.version() != ModelManifest.VERSION) {
      throw new IOException(
          manifestFile
              + ": bundle format version "
              + manifest.version()
              + " is not supported, expected "
              + ModelManifest.VERSION);
    }
    if (manifest.files() == null) {
      throw new IOException(manifestFile + ": 'files' (checksums) missing");
    }
    byte[] encoder = readChecked(directory, ENCODER, manifest);
    byte[] predictor = readChecked(directory, PREDICTOR, manifest);
    Architecture architecture;
    try {
      architecture = manifest.architecture();
    } catch (IllegalArgumentException e) {
      throw new IOException(manifestFile + ": " + e.getMessage(), e);
    }
    ModelBundle bundle = new ModelBundle(directory, manifest, encoder, predictor);
    checkShapes(manifestFile, architecture, bundle.weights());
    return bundle;
  }

  /**
   * The ONNX files must hold the tensors the manifest's architecture describes (the PyTorch engine
   * and the parity check build the network from the manifest), e.g. not 32 keypoints where the
   * manifest says 16.
   */
  private static void checkShapes(Path manifestFile, Architecture architecture, Weights stored)
      throws IOException {
    for (Map.Entry<String, Weights.Tensor> expected :
        Weights.initialise(architecture, 0).all().entrySet()) {
      String name = expected.getKey();
      if (!name.startsWith("enc.") && !name.startsWith("pred.")) {
        continue; // training-only heads are not exported
      }
      long[] want = expected.getValue().shape();
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
    byte[] bytes = Files.readAllBytes(file);
    String actual = sha256(bytes);
    if (bytes.length != entry.bytes() || !actual.equals(entry.sha256())) {
      throw new IOException(
          file
              + ": corrupt: "
              + bytes.length
              + " bytes with SHA-256 "
              + actual
              + ", expected "
              + entry.bytes()
              + " bytes with SHA-256 "
              + entry.sha256());
    }
    return bytes;
  }

  /**
   * Writes a bundle: both ONNX files, then the manifest with their checksums; each file goes to a
   * temporary name first and is renamed into place.
   *
   * @param manifestWithoutFiles manifest whose {@code files} entry is replaced
   */
  public static ModelBundle write(
      Path directory, ModelManifest manifestWithoutFiles, Weights weights) throws IOException {
    Architecture architecture = manifestWithoutFiles.architecture();
    Normalisation normalisation = manifestWithoutFiles.normalisation();
    byte[] encoder = OnnxExporter.encoder(architecture, weights);
    byte[] predictor = OnnxExporter.predictor(architecture, weights, normalisation);
    Files.createDirectories(directory);
    writeAtomically(directory.resolve(ENCODER), encoder);
    writeAtomically(directory.resolve(PREDICTOR), predictor);
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
            m.training(),
            files);
    writeManifest(directory, manifest);
    return new ModelBundle(directory, manifest, encoder, predictor);
  }

  /** Rewrites only the manifest (e.g. to add evaluation metrics); checksums stay valid. */
  public static void writeManifest(Path directory, ModelManifest manifest) throws IOException {
    writeAtomically(directory.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
  }

  /** The weights stored in the two ONNX files (encoder and predictor tensors). */
  public Weights weights() {
    Weights weights = OnnxExporter.readInitializers(encoderOnnx);
    for (Map.Entry<String, Weights.Tensor> entry :
        OnnxExporter.readInitializers(predictorOnnx).all().entrySet()) {
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

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temporary =
        Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        // Temporary files are private (rw-------); a bundle is meant to be read by everyone.
        Files.setPosixFilePermissions(
            temporary, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: keep the default permissions.
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
