package dev.foresight.ros.internal;

import dev.foresight.core.LogText;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks the publisher URIs that the master and {@code publisherUpdate} calls hand over. */
final class PublisherUris {
  private static final int MAX_URI_CHARS = 1024;

  private PublisherUris() {}

  /**
   * Checks one publisher URI.
   *
   * @return the URI, when it is {@code http://HOST:PORT/} with a port in 1..65535
   * @throws IllegalArgumentException naming the value and what was expected
   */
  static URI check(Object value) {
    String text = String.valueOf(value);
    URI uri = null;
    if (value instanceof String && text.length() <= MAX_URI_CHARS) {
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        uri = null;
      }
    }
    if (uri == null
        || !"http".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() < 1
        || uri.getPort() > 65_535
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "publisher URI "
              + LogText.quote(text)
              + " is not http://HOST:PORT/ with a port in 1..65535");
    }
    return uri;
  }
}
