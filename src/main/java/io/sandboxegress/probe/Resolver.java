package io.sandboxegress.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses: the DNS step of a probe, replaceable in tests. */
public interface Resolver {

  /**
   * @return at least one address, the preferred one first
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
