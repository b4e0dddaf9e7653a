package io.sandboxegress.probe;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Everything one probe saw, before it is judged.
 *
 * @param step the step that failed, or the last step reached when {@code failure} is null
 * @param address the address connected to, or {@code null} before DNS answered
 * @param connectMillis time from the start to the established TCP connection, or -1
 * @param tls the completed handshake of an https probe, or {@code null}
 * @param response the HTTP response, or {@code null}
 * @param failure what stopped the probe, or {@code null} when it went all the way
 * @param elapsedMillis time from the start to the end of the probe
 */
record Observation(TargetUrl target, Duration timeout, Step step, InetAddress address,
    long connectMillis, TlsSession tls, HttpResponseHead response, Throwable failure,
    long elapsedMillis) {}
