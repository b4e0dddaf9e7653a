package io.sandboxegress.policyreport;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import java.net.HttpURLConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side applies a SandboxEgress's PolicyReport when its content differs from the live one, so
 * an unchanged status costs one read and no write. Reports are an extra: a failed write is logged
 * and never fails the reconciliation. A cluster without the PolicyReport CRD is said once (a log
 * line and a Warning Event); until the API appears in discovery no write is tried.
 */
public final class PolicyReportWriter implements PolicyReports {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyReportWriter.class);

  /** Says something about a SandboxEgress where {@code kubectl describe} shows it (an Event). */
  @FunctionalInterface
  public interface Warnings {
    void warning(SandboxEgress regarding, ReportWarning reason, String message);
  }

  private final KubernetesClient client;
  private final String fieldManager;
  private final Warnings warnings;
  private final AtomicBoolean crdMissing = new AtomicBoolean();

  public PolicyReportWriter(KubernetesClient client, String fieldManager, Warnings warnings) {
    this.client = client;
    this.fieldManager = fieldManager;
    this.warnings = warnings;
  }

  @Override
  public void write(SandboxEgress cr, SandboxEgressStatus status) {
    if (crdMissing.get() && !served()) {
      return;
    }
    GenericKubernetesResource desired =
        PolicyReportResource.of(cr, ProbeReport.of(cr, status), client.getKubernetesSerialization());
    Resource<GenericKubernetesResource> report = client.genericKubernetesResources(PolicyReportResource.DEFINITION)
        .inNamespace(cr.getMetadata().getNamespace()).resource(desired);
    try {
      if (PolicyReportResource.upToDate(report.get(), desired, client.getKubernetesSerialization())) {
        return;
      }
      report.fieldManager(fieldManager).forceConflicts().serverSideApply();
      crdMissing.set(false);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        crdNotServed(cr);
      } else {
        LOG.warn("cannot write PolicyReport {}/{}: {}", cr.getMetadata().getNamespace(),
            cr.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void crdNotServed(SandboxEgress cr) {
    if (crdMissing.compareAndSet(false, true)) {
      String message = "policy reports are on, but the cluster serves no " + PolicyReportResource.API_VERSION
          + " " + PolicyReportResource.KIND + ": install its CRD (Kyverno and Policy Reporter bring it);"
          + " reconciliation goes on without reports, which are written once the CRD is there";
      LOG.warn(message);
      warnings.warning(cr, ReportWarning.CrdMissing, message);
    }
  }

  /** API discovery, a read: whether the CRD has been installed since it was found missing. */
  private boolean served() {
    try {
      return client.supports(PolicyReportResource.API_VERSION, PolicyReportResource.KIND);
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
