package io.sandboxegress.probe;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 GET over an open connection: sends the request, reads the status line and headers
 * (at most {@value #MAX_HEAD_BYTES} bytes), and the start of the body of a 403, a 503 or any
 * response from envoy (envoy's RBAC denial, its upstream connect errors and its other own replies
 * are told apart, and described, by their bodies). Every read is bounded by the probe's deadline.
 */
final class HttpExchange {

  static final int MAX_HEAD_BYTES = 16 * 1024;
  static final int MAX_BODY_PREFIX_BYTES = 160;
  private static final String USER_AGENT = "sandbox-egress-probe";

  private final Socket socket;
  private final Deadline deadline;
  private final InputStream in;
  private final byte[] buffer = new byte[4096];
  private int position;
  private int limit;

  private HttpExchange(Socket socket, Deadline deadline) throws IOException {
    this.socket = socket;
    this.deadline = deadline;
    this.in = socket.getInputStream();
  }

  /**
   * @throws EOFException when the peer closes the connection before a status line
   * @throws ProtocolException when the answer is not HTTP
   */
  static HttpResponseHead get(Socket socket, TargetUrl target, Deadline deadline)
      throws IOException {
    return new HttpExchange(socket, deadline).exchange(target);
  }

  private HttpResponseHead exchange(TargetUrl target) throws IOException {
    socket.setSoTimeout(deadline.remainingMillis());
    OutputStream out = socket.getOutputStream();
    out.write(request(target).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    HttpResponseHead head = readHead();
    // An interim 1xx response is followed by the real one (101 is final: the protocol changed).
    while (head.status() >= 100 && head.status() < 200 && head.status() != 101) {
      head = readHead();
    }
    if (!EnvoyReply.bodyMatters(head)) {
      return head;
    }
    return new HttpResponseHead(head.status(), head.reasonPhrase(), head.headers(),
        readBodyPrefix(head));
  }

  private static String request(TargetUrl target) {
    return "GET " + target.pathAndQuery() + " HTTP/1.1\r\n"
        + "Host: " + target.hostHeader() + "\r\n"
        + "User-Agent: " + USER_AGENT + "\r\n"
        + "Accept: */*\r\n"
        + "Connection: close\r\n"
        + "\r\n";
  }

  private HttpResponseHead readHead() throws IOException {
    int budget = MAX_HEAD_BYTES;
    String statusLine = readLine(budget);
    if (statusLine == null) {
      throw new EOFException("connection closed before an HTTP response");
    }
    budget -= statusLine.length() + 2;
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
      throw new ProtocolException("not an HTTP response: " + printable(statusLine));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    while (budget > 0) {
      String line = readLine(budget);
      if (line == null || line.isEmpty()) {
        break;
      }
      budget -= line.length() + 2;
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    // A head longer than the budget is cut short: the status line alone proves a response.
    return new HttpResponseHead(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "",
        headers, "");
  }

  private String readBodyPrefix(HttpResponseHead head) throws IOException {
    int wanted = MAX_BODY_PREFIX_BYTES;
    String length = head.headers().get("content-length");
    if (length != null && length.matches("\\d{1,18}")) {
      wanted = (int) Math.min(wanted, Long.parseLong(length));
    } else if (head.header("transfer-encoding").map(value -> value.contains("chunked"))
        .orElse(false)) {
      String size = readLine(32);
      if (size == null) {
        return "";
      }
      try {
        wanted = (int) Math.min(wanted, Long.parseLong(size.split(";", 2)[0].trim(), 16));
      } catch (NumberFormatException e) {
        return "";
      }
    }
    StringBuilder body = new StringBuilder();
    try {
      while (body.length() < wanted) {
        int next = read();
        if (next < 0) {
          break;
        }
        body.append((char) next);
      }
    } catch (SocketTimeoutException e) {
      // The status and headers are what count; a body that trickles is kept as far as it came.
    }
    return body.toString();
  }

  /** A line without its CR LF (or bare LF); {@code null} at the end of the stream. */
  private String readLine(int maxBytes) throws IOException {
    StringBuilder line = new StringBuilder();
    while (line.length() <= maxBytes) {
      int next = read();
      if (next < 0) {
        return line.length() == 0 ? null : line.toString();
      }
      if (next == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) next);
    }
    return line.toString();
  }

  private int read() throws IOException {
    if (position == limit) {
      socket.setSoTimeout(deadline.remainingMillis());
      int count = in.read(buffer);
      if (count < 0) {
        return -1;
      }
      position = 0;
      limit = count;
    }
    return buffer[position++] & 0xff;
  }

  private static String printable(String text) {
    String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
