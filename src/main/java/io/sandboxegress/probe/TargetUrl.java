package io.sandboxegress.probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A probe target: {@code http://host[:port]/path}, {@code https://host[:port]/path} or
 * {@code tcp://host:port}.
 *
 * @param raw the URL as given, reported back unchanged in {@link ProbeResult#target()}
 * @param host a DNS name or an IP literal (IPv6 without brackets)
 * @param pathAndQuery the request target for HTTP, at least {@code /}
 */
public record TargetUrl(String raw, Scheme scheme, String host, int port, String pathAndQuery) {

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** How far a probe goes: HTTP and HTTPS to a response, TCP to an established connection. */
  public enum Scheme {
    HTTP(80), HTTPS(443), TCP(-1);

    private final int defaultPort;

    Scheme(int defaultPort) {
      this.defaultPort = defaultPort;
    }
  }

  /** @throws IllegalArgumentException naming what is wrong with {@code raw} */
  public static TargetUrl parse(String raw) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw invalid(raw, "not a URL (" + e.getReason() + ")");
    }
    if (uri.getScheme() == null) {
      throw invalid(raw, "no scheme: use http://, https:// or tcp://");
    }
    Scheme scheme = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
      case "http" -> Scheme.HTTP;
      case "https" -> Scheme.HTTPS;
      case "tcp" -> Scheme.TCP;
      default -> throw invalid(raw, "scheme must be http, https or tcp, not " + uri.getScheme());
    };
    if (uri.getHost() == null) {
      throw invalid(raw, "no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(raw, "user information is not allowed in a probe target");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.defaultPort;
    if (port < 0) {
      throw invalid(raw, "tcp:// needs a port, as in tcp://" + uri.getHost() + ":22");
    }
    if (port < 1 || port > 65535) {
      throw invalid(raw, "port " + port + " is outside 1-65535");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new TargetUrl(raw, scheme, host, port, path);
  }

  public boolean hostIsIpLiteral() {
    return host.contains(":") || IPV4_LITERAL.matcher(host).matches();
  }

  /** The {@code Host} header: the port only when it is not the scheme's default. */
  public String hostHeader() {
    String name = host.contains(":") ? "[" + host + "]" : host;
    return port == scheme.defaultPort ? name : name + ":" + port;
  }

  private static IllegalArgumentException invalid(String raw, String why) {
    return new IllegalArgumentException(raw + ": " + why);
  }
}
