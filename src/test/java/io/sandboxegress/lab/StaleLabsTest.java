package io.sandboxegress.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.testing.LabRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a lab run killed outright leaves behind is removed by the next one; a live run's is not. */
class StaleLabsTest {

  @BeforeEach
  void labCanRun() {
    LabRequirement.assumeLabCanRun();
  }

  @Test
  void aDeadRunsNamespacesAndDirectoryAreRemovedALiveRunsAreKept() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    String dead = "zz" + Long.toString(ProcessHandle.current().pid() % 1296, 36);
    String live = "zy" + Long.toString(ProcessHandle.current().pid() % 1296, 36);
    dead = (dead + "00").substring(0, 4);
    live = (live + "00").substring(0, 4);
    Path deadDir = Files.createDirectories(tmp.resolve(LabNode.NETNS_PREFIX + dead));
    Path liveDir = Files.createDirectories(tmp.resolve(LabNode.NETNS_PREFIX + live));
    // a PID no process has (beyond pid_max), and this JVM
    Files.writeString(deadDir.resolve(StaleLabs.OWNER_FILE), "4194305");
    Files.writeString(liveDir.resolve(StaleLabs.OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    String deadNetns = LabNode.NETNS_PREFIX + dead + "-node";
    String liveNetns = LabNode.NETNS_PREFIX + live + "-node";
    Host.run("ip", "netns", "add", deadNetns);
    Host.run("ip", "netns", "add", liveNetns);
    try {
      StaleLabs.removeAll();

      String namespaces = Host.run("ip", "netns", "list");
      assertThat(namespaces).doesNotContain(deadNetns).contains(liveNetns);
      assertThat(deadDir).doesNotExist();
      assertThat(liveDir).exists();
    } finally {
      PodNetwork.deleteNetns(deadNetns);
      PodNetwork.deleteNetns(liveNetns);
      StaleLabs.deleteDirectory(deadDir);
      StaleLabs.deleteDirectory(liveDir);
    }
  }
}
