package dev.foresight.launch;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for every command that speaks the bridge protocol: the agent side from a PKCS12
 * keystore ({@code --keystore}, password in {@value #KEYSTORE_PASSWORD_ENV}), the planner side from
 * a PKCS12 truststore ({@code --truststore}, password in {@value #TRUSTSTORE_PASSWORD_ENV}) or the
 * JDK's default trust anchors. Bad files are one-line errors naming the file and what was expected.
 */
final class BridgeTls {
  /** Environment variable holding the TLS keystore password. */
  static final String KEYSTORE_PASSWORD_ENV = "FORESIGHT_KEYSTORE_PASSWORD";

  /** Environment variable holding the TLS truststore password. */
  static final String TRUSTSTORE_PASSWORD_ENV = "FORESIGHT_TRUSTSTORE_PASSWORD";

  private BridgeTls() {}

  /**
   * The agent's context when {@code tls} is on, else null.
   *
   * @param keystore PKCS12 file with the agent's key and certificate; required with TLS
   */
  static SslContext server(boolean tls, Path keystore) {
    return server(tls, keystore, System.getenv());
  }

  /** {@link #server(boolean, Path)} reading the password from {@code environment}. */
  static SslContext server(boolean tls, Path keystore, Map<String, String> environment) {
    if (!tls) {
      return null;
    }
    if (keystore == null) {
      throw new IllegalArgumentException(
          "bridge.tls is true: --keystore FILE (PKCS12) is required");
    }
    char[] password = password(keystore, "--keystore", KEYSTORE_PASSWORD_ENV, environment);
    try {
      KeyStore store = load(keystore, password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      return SslContextBuilder.forServer(keys).build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--keystore "
              + keystore
              + ": cannot load ("
              + e.getMessage()
              + "), expected a PKCS12 keystore",
          e);
    }
  }

  /**
   * The planner's context when {@code tls} is on, else null.
   *
   * @param truststore PKCS12 file holding the agent's certificate; null for the JDK's trust anchors
   */
  static SslContext client(boolean tls, Path truststore) {
    return client(tls, truststore, System.getenv());
  }

  /** {@link #client(boolean, Path)} reading the password from {@code environment}. */
  static SslContext client(boolean tls, Path truststore, Map<String, String> environment) {
    if (!tls) {
      return null;
    }
    try {
      if (truststore == null) {
        return SslContextBuilder.forClient().build();
      }
      KeyStore store =
          load(
              truststore,
              password(truststore, "--truststore", TRUSTSTORE_PASSWORD_ENV, environment));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      return SslContextBuilder.forClient().trustManager(trust).build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--truststore "
              + truststore
              + ": cannot load ("
              + e.getMessage()
              + "), expected a PKCS12 truststore",
          e);
    }
  }

  private static char[] password(
      Path file, String option, String variable, Map<String, String> environment) {
    String password = environment.get(variable);
    if (password == null) {
      throw new IllegalArgumentException(
          option + " " + file + ": $" + variable + " is not set, expected the store's password");
    }
    return password.toCharArray();
  }

  private static KeyStore load(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }
}
