package io.sandboxegress.cli;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.BundleYaml;
import io.sandboxegress.revision.HistoryTable;
import io.sandboxegress.revision.Revision;
import io.sandboxegress.revision.RevisionCodec;
import io.sandboxegress.revision.RevisionStore;
import io.sandboxegress.revision.UnifiedDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code history -n NAMESPACE NAME [--diff A B]}: the revisions the operator recorded for one
 * SandboxEgress, and what changed between two of them. Exits 0, 1 when the cluster cannot be read,
 * 2 on bad arguments or an unknown revision.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Lists the revisions recorded for a SandboxEgress (one ControllerRevision before each"
        + " change): number, time, spec generation, bundle fingerprint, verdict of the probes, and which"
        + " one is live and which is the last good one.",
        "With --diff A B, prints a unified diff of the objects of revisions A and B."})
final class HistoryCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int UNREACHABLE = 1;
  static final int BAD_ARGUMENTS = 2;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-n", "--namespace"}, required = true, paramLabel = "NAMESPACE",
      description = "The SandboxEgress's namespace.")
  private String namespace;

  @Parameters(index = "0", paramLabel = "NAME", description = "The SandboxEgress's name.")
  private String name;

  @Option(names = "--diff", arity = "2", paramLabel = "REVISION",
      description = "Two revision numbers: prints what changed from the first to the second.")
  private List<Long> diff;

  @Option(names = "--kubeconfig", paramLabel = "PATH",
      description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
  private Path kubeconfig;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config config;
    try {
      config = kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      return fail(err, BAD_ARGUMENTS, "--kubeconfig: cannot read " + kubeconfig + ": " + ErrorLine.of(e));
    }
    config.setRequestRetryBackoffLimit(3);
    config.setConnectionTimeout(5_000);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      RevisionStore store = new RevisionStore(client);
      if (diff != null) {
        return diff(store, out, err);
      }
      List<Revision> revisions = store.list(namespace, name).stream().map(Revision::of).toList();
      SandboxEgress cr = client.resources(SandboxEgress.class).inNamespace(namespace).withName(name).get();
      if (cr == null && revisions.isEmpty()) {
        return fail(err, BAD_ARGUMENTS, "no SandboxEgress " + namespace + "/" + name + " and no revisions of it");
      }
      Long live = cr == null || cr.getStatus() == null ? null : cr.getStatus().getRevision();
      Long lastGood = cr == null || cr.getStatus() == null ? null : cr.getStatus().getLastGoodRevision();
      out.println("SandboxEgress " + namespace + "/" + name + ": live revision " + orNone(live)
          + ", last good revision " + orNone(lastGood)
          + (cr != null && cr.getStatus() != null && cr.getStatus().getRolledBackGeneration() != null
              ? "; generation " + cr.getStatus().getRolledBackGeneration() + " was rolled back" : ""));
      out.print(HistoryTable.of(revisions, live, lastGood));
      out.flush();
      return OK;
    } catch (KubernetesClientException e) {
      return fail(err, UNREACHABLE, "cannot read the cluster at " + config.getMasterUrl() + ": " + ErrorLine.of(e));
    }
  }

  private int diff(RevisionStore store, PrintWriter out, PrintWriter err) {
    Optional<ControllerRevision> from = store.get(namespace, name, diff.get(0));
    Optional<ControllerRevision> to = store.get(namespace, name, diff.get(1));
    for (int i = 0; i < 2; i++) {
      if ((i == 0 ? from : to).isEmpty()) {
        return fail(err, BAD_ARGUMENTS, "revision " + diff.get(i) + " of " + namespace + "/" + name
            + " is not kept (see: history -n " + namespace + " " + name + ")");
      }
    }
    out.print(UnifiedDiff.of("revision " + diff.get(0), BundleYaml.write(RevisionCodec.bundle(from.get())),
        "revision " + diff.get(1), BundleYaml.write(RevisionCodec.bundle(to.get()))));
    out.flush();
    return OK;
  }

  private static String orNone(Long revision) {
    return revision == null ? "none" : revision.toString();
  }

  private static int fail(PrintWriter err, int code, String message) {
    err.println(message);
    err.flush();
    return code;
  }
}
