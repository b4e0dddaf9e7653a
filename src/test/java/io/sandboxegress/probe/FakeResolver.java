package io.sandboxegress.probe;

import io.sandboxegress.testing.LoopbackServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every name ending in {@code .test} is 127.0.0.1, {@code hangs.test} never answers (until {@link
 * #release()}), anything else does not exist. Never asks a real DNS server.
 */
final class FakeResolver implements Resolver {

  static final String HANGS = "hangs.test";

  private final CountDownLatch released = new CountDownLatch(1);

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    if (host.equals(HANGS)) {
      try {
        released.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new UnknownHostException(host + ": gave up waiting");
    }
    if (host.endsWith(".test")) {
      return List.of(LoopbackServer.LOOPBACK);
    }
    throw new UnknownHostException(host);
  }

  void release() {
    released.countDown();
  }
}
