package io.sandboxegress.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a lab run killed outright (SIGKILL, a crashed JVM) left behind: its namespaces (and
 * the processes in them, which only a lab starts) and its directory. A run is stale when the JVM
 * recorded in its directory is gone; a live run's namespaces are never touched.
 */
final class StaleLabs {

  static final String OWNER_FILE = "owner.pid";
  static final String RUN_LABEL = "lab.sandboxegress.io/run";
  private static final Logger LOG = LoggerFactory.getLogger(StaleLabs.class);
  private static final Pattern LAB_NETNS = Pattern.compile("^(" + LabNode.NETNS_PREFIX + "([a-z0-9]{4})-\\S+)");

  private StaleLabs() {}

  static void removeAll() {
    Map<String, TreeSet<String>> byRun = new TreeMap<>();
    for (String line : Host.run("ip", "netns", "list").lines().toList()) {
      Matcher m = LAB_NETNS.matcher(line.strip());
      if (m.find()) {
        byRun.computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(m.group(1));
      }
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    byRun.forEach((runId, namespaces) -> {
      Path directory = tmp.resolve(LabNode.NETNS_PREFIX + runId);
      if (ownerAlive(directory)) {
        return;
      }
      LOG.info("removing stale lab {}: {}", runId, namespaces);
      // pods first, the node last
      namespaces.descendingSet().forEach(PodNetwork::deleteNetns);
      deleteDirectory(directory);
    });
  }

  private static boolean ownerAlive(Path directory) {
    try {
      long pid = Long.parseLong(Files.readString(directory.resolve(OWNER_FILE)).strip());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  static void deleteDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
      all.forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", directory, e.getMessage());
    }
  }
}
