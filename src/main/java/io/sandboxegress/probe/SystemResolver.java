package io.sandboxegress.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The pod's own resolver (its {@code /etc/resolv.conf}), as the sandbox would use it. */
public final class SystemResolver implements Resolver {

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    return List.of(InetAddress.getAllByName(host));
  }
}
