package io.sandboxegress.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code -V} on every command: the version the build wrote into {@code version.properties}
 * (resource filtering), so it is right in the jar and in the IDE alike; {@code dev} when the file
 * was not filtered.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

  static final String NAME = "sandbox-egress-operator";

  @Override
  public String[] getVersion() {
    return new String[] {NAME + " " + version()};
  }

  static String version() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = properties.getProperty("version", "");
    return version.isBlank() || version.contains("${") ? "dev" : version;
  }
}
