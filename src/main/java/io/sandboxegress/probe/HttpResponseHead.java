package io.sandboxegress.probe;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the prober reads of an HTTP response: the status line, the headers and, where the
 * classification needs it, the first bytes of the body.
 *
 * @param headers header names in lower case; the first value of a repeated header
 * @param bodyPrefix the first bytes of the body as ISO-8859-1 text, or empty when not read
 */
record HttpResponseHead(int status, String reasonPhrase, Map<String, String> headers,
    String bodyPrefix) {

  HttpResponseHead {
    headers = Map.copyOf(headers);
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
}
