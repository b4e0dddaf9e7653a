package io.sandboxegress.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"sandbox-egress-operator " + (version == null ? "dev" : version)};
  }
}
