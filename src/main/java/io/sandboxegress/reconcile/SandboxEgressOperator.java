package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.sandboxegress.diagnose.IstioNamespaces;
import io.sandboxegress.facts.IstioPresence;
import io.sandboxegress.metrics.ForgettingMetrics;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.policyreport.PolicyReportWriter;
import io.sandboxegress.policyreport.PolicyReports;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator: JOSDK with the SandboxEgress controller registered, on a given client. */
public final class SandboxEgressOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxEgressOperator.class);

  private final Operator operator;
  private final AtomicBoolean stopping;
  private final IstioPresence istio;

  private SandboxEgressOperator(Operator operator, AtomicBoolean stopping, IstioPresence istio) {
    this.operator = operator;
    this.stopping = stopping;
    this.istio = istio;
  }

  public static SandboxEgressOperator start(KubernetesClient client, OperatorConfig config, String instance,
      OperatorMetrics metrics) {
    Clock clock = Clock.systemUTC();
    AtomicBoolean stopping = new AtomicBoolean();
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withInformerStoppedHandler((informer, error) -> informerStopped(stopping, informer, error))
          .withCloseClientOnStop(false)
          .withMetrics(new ForgettingMetrics(metrics))
          .withStopOnInformerErrorDuringStartup(true);
      if (config.leaderElection() != null) {
        LeaderElection election = config.leaderElection();
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(election.leaseName(),
            election.leaseNamespace(), election.leaseDuration(), election.renewDeadline(),
            election.retryPeriod(), instance,
            new LeaderCallbacks(() -> metrics.leading(true), () -> stoppedLeading(election, metrics, stopping),
                leader -> { }),
            election.exitOnStopLeading()));
      }
    });
    IstioPresence istio = IstioPresence.watching(client, IstioPresence.PERIOD);
    try {
      EventRecorder events = new EventRecorder(client, clock, instance);
      PolicyReports policyReports = config.policyReports()
          ? new PolicyReportWriter(client, SandboxEgressReconciler.FIELD_MANAGER, events::warning)
          : PolicyReports.off();
      CrossNamespaceObjects crossNamespace = new CrossNamespaceObjects(client);
      CrossNamespaceGuard guard = new CrossNamespaceGuard();
      SandboxEgressReconciler reconciler = new SandboxEgressReconciler(config, istio,
          events, new ProbeCoordinator(client, config.probes()),
          IstioNamespaces.defaults(), crossNamespace, guard, metrics, clock, policyReports);
      // A slim item store only where one informer watches (all namespaces, or just one): JOSDK
      // hands every namespace's informer the same store, and each informer's list would remove the
      // other namespaces' objects from it (their SandboxEgresses seen as deleted, never reconciled).
      boolean oneInformer = config.watchNamespaces().size() <= 1;
      operator.register(reconciler, o -> {
        o.withReconciliationMaxInterval(config.resyncInterval());
        if (!config.watchNamespaces().isEmpty()) {
          o.settingNamespaces(config.watchNamespaces());
        }
        if (oneInformer) {
          o.withItemStore(new SandboxEgressStore());
        }
      });
      operator.register(new GatewayCleanupReconciler(client, crossNamespace, guard, istio, metrics), o -> {
        if (!config.watchNamespaces().isEmpty()) {
          o.settingNamespaces(config.watchNamespaces());
        }
        if (oneInformer) {
          o.withItemStore(new SlimSandboxEgressStore());
        }
      });
      operator.start();
      if (config.leaderElection() == null) {
        metrics.leading(true);
      }
    } catch (RuntimeException e) {
      // a start that fails leaves no thread asking the API server behind
      istio.close();
      throw e;
    }
    return new SandboxEgressOperator(operator, stopping, istio);
  }

  /**
   * An informer that stops while the operator runs leaves it blind: end the process so that its
   * Deployment restarts it (JOSDK's own behaviour). One that stops because the operator is shutting
   * down (an informer still starting when the client closes), or that was stopped on purpose, is
   * no failure.
   */
  private static void informerStopped(AtomicBoolean stopping, SharedIndexInformer<?> informer, Throwable error) {
    // without an error it was stopped on purpose: the Istio watches go when Istio's APIs do
    if (stopping.get() || error == null) {
      LOG.debug("informer stopped during shutdown: {}", error == null ? "" : error.getMessage());
      return;
    }
    if (!informer.hasSynced()) {
      // It never started: its start failed, and that failure went to whoever started it. At the
      // operator's start that ends the process anyway; an informer a reconciliation starts (the
      // Istio kinds', once Istio is served) is started again by the next reconciliation. Seen when
      // the API server restarted just as one started (HTTP 429 on its first watch).
      LOG.warn("a watch on {} could not start ({}); the next reconciliation that needs it starts it again",
          informer.getApiTypeClass().getSimpleName(), firstLine(error));
      return;
    }
    LOG.error("an informer stopped; exiting so the operator is restarted", error);
    System.exit(1);
  }

  private static String firstLine(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * The Lease was not renewed within the renew deadline (the API server did not answer in time):
   * another replica may lead from now on, so this one must stop reconciling, and JOSDK can only
   * do that by ending the process. Said in one line before it does.
   */
  private static void stoppedLeading(LeaderElection election, OperatorMetrics metrics, AtomicBoolean stopping) {
    metrics.leading(false);
    // a leader shutting down gives its Lease up on purpose: nothing to say
    if (election.exitOnStopLeading() && !stopping.get()) {
      LOG.warn("lost the Lease {}/{}: not renewed within {} s (the API server did not answer, or refused"
          + " the update: the leader-election Role); exiting so that the restarted replica rejoins the"
          + " election and never reconciles beside a new leader", election.leaseNamespace(),
          election.leaseName(), election.renewDeadline().toSeconds());
    }
  }

  /** Alive: the operator has started (a replica waiting for leadership is alive too). */
  public boolean isAlive() {
    return operator.getRuntimeInfo().isStarted();
  }

  /** Ready: started, and the informers of a leading replica are healthy. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    stopping.set(true);
    istio.close();
    operator.stop();
  }
}
