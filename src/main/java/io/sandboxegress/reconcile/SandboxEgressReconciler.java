package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.api.Conflict;
import io.sandboxegress.api.Enforcement;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.diagnose.ConflictFinder;
import io.sandboxegress.diagnose.Findings;
import io.sandboxegress.diagnose.IstioNamespaces;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.backend.ApplyState;
import io.sandboxegress.backend.AuthorizationPolicyDependent;
import io.sandboxegress.backend.DestinationRuleDependent;
import io.sandboxegress.backend.IstioServed;
import io.sandboxegress.backend.NetworkPolicyDependent;
import io.sandboxegress.backend.ServiceEntryDependent;
import io.sandboxegress.backend.SidecarDependent;
import io.sandboxegress.backend.VirtualServiceDependent;
import io.sandboxegress.compile.Compilation;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.DataPlaneDecision;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.compile.RefusalReason;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.facts.IstioPresence;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.plan.FieldError;
import io.sandboxegress.policyreport.PolicyReports;
import io.sandboxegress.probepod.ProbeVerdicts;
import io.sandboxegress.render.Bundle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires plan → render → apply → status for one SandboxEgress and decides nothing itself: the plan
 * validates, the renderers build the objects, the dependent resources apply them.
 */
// no Cleaner: JOSDK would put a finalizer on every SandboxEgress; GatewayFinalizer puts one only
// where objects in another namespace need it, and GatewayCleanupReconciler acts on it
// the slim item store is set at registration, and only when one informer watches all namespaces:
// JOSDK gives every namespace's informer the same store, and each informer's list would then
// remove the others' objects from it (SandboxEgressOperator)
@ControllerConfiguration(name = SandboxEgressReconciler.NAME, fieldManager = SandboxEgressReconciler.FIELD_MANAGER)
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "network-policies", type = NetworkPolicyDependent.class),
    @Dependent(name = "sidecars", type = SidecarDependent.class,
        activationCondition = IstioServed.class),
    @Dependent(name = "service-entries", type = ServiceEntryDependent.class,
        activationCondition = IstioServed.class),
    @Dependent(name = "destination-rules", type = DestinationRuleDependent.class,
        activationCondition = IstioServed.class),
    @Dependent(name = "virtual-services", type = VirtualServiceDependent.class,
        activationCondition = IstioServed.class),
    @Dependent(name = "authorization-policies", type = AuthorizationPolicyDependent.class,
        activationCondition = IstioServed.class)
})
public class SandboxEgressReconciler implements Reconciler<SandboxEgress> {

  public static final String NAME = "sandbox-egress";
  public static final String FIELD_MANAGER = "sandbox-egress-operator";

  private static final Logger LOG = LoggerFactory.getLogger(SandboxEgressReconciler.class);

  private final OperatorConfig config;
  private final IstioPresence istio;
  private final EventRecorder events;
  private final Clock clock;
  private final ProbeCoordinator probes;
  private final SafeChange safeChange;
  private final OperatorMetrics metrics;
  private final ForeignObjects foreign;
  private final CrossNamespaceObjects crossNamespace;
  private final CrossNamespaceGuard guard;
  private final PolicyReports policyReports;
  private final EgressCompiler compiler = new EgressCompiler();

  public SandboxEgressReconciler(OperatorConfig config, IstioPresence istio, EventRecorder events,
      ProbeCoordinator probes, IstioNamespaces istioNamespaces, CrossNamespaceObjects crossNamespace,
      CrossNamespaceGuard guard, OperatorMetrics metrics, Clock clock, PolicyReports policyReports) {
    this.config = config;
    this.policyReports = policyReports;
    this.foreign = new ForeignObjects(istioNamespaces);
    this.crossNamespace = crossNamespace;
    this.guard = guard;
    this.metrics = metrics;
    this.probes = probes;
    this.safeChange = new SafeChange(probes, events, metrics);
    this.istio = istio;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, SandboxEgress>> prepareEventSources(EventSourceContext<SandboxEgress> context) {
    return List.of(ClusterWatches.pods(context), ClusterWatches.probePods(context),
        ClusterWatches.namespaces(context), ForeignObjects.networkPolicies(context),
        new FactsChangedEventSource(context, istio));
  }

  @Override
  public UpdateControl<SandboxEgress> reconcile(SandboxEgress cr, Context<SandboxEgress> context) {
    Instant now = clock.instant();
    String namespace = cr.getMetadata().getNamespace();
    int matchedPods = ClusterWatches.matchedPods(context, cr);
    boolean istioInstalled = istio.installed();
    Compilation compiled = compiler.compile(cr, ClusterWatches.namespaceLabels(context, namespace),
        new CompileFacts(istioInstalled, config.networks(), IstioMesh.defaults(), config.allProtectedNamespaces()));
    if (compiled.isRefused()) {
      return stalled(cr, compiled.refusedReason(), compiled.errors(), matchedPods, now, context);
    }
    Bundle bundle = compiled.bundle();
    DataPlaneDecision dataPlane = compiled.dataPlane();
    boolean dryRun = cr.getSpec().getEnforcement() == Enforcement.DryRun;
    // safe change: a revision before a change; while a rollback holds, the live revision's objects
    LiveRevision live = safeChange.before(cr, context, bundle, BundleFingerprint.of(bundle), dryRun, now);
    if (!dryRun) {
      apply(cr, live.bundle(), context, istioInstalled, restoresLiveRevision(cr, live));
    }
    Findings findings = findConflicts(cr, live.bundle(), context, istioInstalled);
    List<Conflict> conflicts = findings.conflicts();
    // safe change: the probes verify the live revision; a regression is rolled back
    SafeChangeOutcome safe = safeChange.after(cr, context, live,
        probes.advance(cr, context, probedFingerprint(live), now),
        rolledBack -> apply(cr, rolledBack, context, istioInstalled, false), now);
    ProbeStep probing = ProbeCauses.annotate(safe.probing(), findings);
    for (ProbeStatus changed : probing.changedVerdicts()) {
      if (ProbeVerdicts.passed(changed)) {
        events.normal(cr, EventReason.ProbePassed, ProbeVerdicts.describe(changed));
      } else {
        events.warning(cr, EventReason.ProbeFailed, ProbeVerdicts.describe(changed)
            + (changed.getCause() == null ? "" : "; likely cause: " + changed.getCause()));
      }
    }
    SandboxEgressStatus next = StatusAggregator.applied(cr,
        new StatusAggregator.Applied(safe, dataPlane, dryRun, matchedPods, probing, conflicts), now);
    policyReports.write(cr, next);
    reportNewConflicts(cr, conflicts);
    reportNoPodsMatched(cr, matchedPods);
    if (dryRun && !Conditions.find(statusConditions(cr), Conditions.APPLIED)
        .map(c -> Conditions.has(c, ConditionReason.DryRun)).orElse(false)) {
      events.normal(cr, EventReason.DryRun, bundle.objects().size() + " objects rendered, nothing applied");
    }
    metrics.matchedPods(namespace, cr.getMetadata().getName(), matchedPods);
    metrics.probeVerdicts(namespace, cr.getMetadata().getName(), next.getProbes());
    metrics.conflicts(namespace, cr.getMetadata().getName(), conflicts.size());
    metrics.stalled(namespace, cr.getMetadata().getName(), Conditions.isTrue(next.getConditions(), Conditions.STALLED));
    UpdateControl<SandboxEgress> control = patchIfChanged(cr, next, context);
    // the next probe run, but no later than the resync: the operator still checks in between
    if (control.getScheduleDelay().isEmpty()) {
      probing.recheckIn().map(recheck -> recheck.compareTo(config.resyncInterval()) < 0 ? recheck
          : config.resyncInterval()).ifPresent(control::rescheduleAfter);
    }
    metrics.reconciled();
    return control;
  }

  /**
   * What the probes observe: the objects in the cluster. In DryRun those are the live revision's
   * (or none), never the rendered bundle, so DryRun results can never pass for a verification of
   * objects that were not applied.
   */
  private static String probedFingerprint(LiveRevision live) {
    if (!live.dryRun()) {
      return live.fingerprint();
    }
    return live.revisionBundle() == null ? "nothing-applied" : live.revisionBundle();
  }

  @Override
  public ErrorStatusUpdateControl<SandboxEgress> updateErrorStatus(SandboxEgress cr,
      Context<SandboxEgress> context, Exception e) {
    String error = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    metrics.applyFailed();
    metrics.stalled(cr.getMetadata().getNamespace(), cr.getMetadata().getName(), false);
    events.warning(cr, EventReason.ApplyFailed, error);
    cr.setStatus(StatusAggregator.applyFailed(cr, error, clock.instant()));
    return ErrorStatusUpdateControl.patchStatus(cr);
  }

  /** When the objects around it cannot be read, the last known conflicts stay and the apply goes on. */
  private Findings findConflicts(SandboxEgress cr, Bundle bundle, Context<SandboxEgress> context,
      boolean istioInstalled) {
    try {
      if (istioInstalled) {
        foreign.watchIstio(context);
      } else {
        foreign.unwatchIstio(context);
      }
      return new ConflictFinder(new InformerClusterView(context.eventSourceRetriever(), istioInstalled),
          foreign.istioNamespaces()).findings(cr, bundle);
    } catch (RuntimeException e) {
      // a watch that cannot start (an API gone, a permission missing) must not fail the apply
      LOG.warn("cannot look for conflicts of {}/{}: {}", cr.getMetadata().getNamespace(),
          cr.getMetadata().getName(), e.toString());
      return Findings.known(cr.getStatus() == null || cr.getStatus().getConflicts() == null
          ? List.of() : cr.getStatus().getConflicts());
    }
  }

  private void reportNewConflicts(SandboxEgress cr, List<Conflict> conflicts) {
    Set<String> known = cr.getStatus() == null || cr.getStatus().getConflicts() == null ? Set.of()
        : cr.getStatus().getConflicts().stream().map(SandboxEgressReconciler::conflictKey).collect(Collectors.toSet());
    for (Conflict conflict : conflicts) {
      if (!known.contains(conflictKey(conflict))) {
        events.warning(cr, EventReason.ConflictDetected, conflict.getKind() + " " + conflict.getNamespace() + "/"
            + conflict.getName() + ": " + conflict.getMessage());
      }
    }
  }

  private static String conflictKey(Conflict conflict) {
    return conflict.getKind() + "/" + conflict.getNamespace() + "/" + conflict.getName() + "/" + conflict.getMessage();
  }

  /**
   * Whether the objects about to be applied are the live revision's, applied before: then any
   * object created or updated was deleted or edited by someone else, and putting it back is a repair.
   */
  private static boolean restoresLiveRevision(SandboxEgress cr, LiveRevision live) {
    return cr.getStatus() != null && live.fingerprint().equals(cr.getStatus().getRevisionBundle())
        && Conditions.isTrue(cr.getStatus().getConditions(), Conditions.APPLIED);
  }

  /**
   * A selector that matches no pod protects nothing: said once, when the count drops to zero (or
   * starts there), not at every resync. Often just a typo in the labels.
   */
  private void reportNoPodsMatched(SandboxEgress cr, int matchedPods) {
    Integer before = cr.getStatus() == null ? null : cr.getStatus().getMatchedPods();
    if (matchedPods == 0 && !Integer.valueOf(0).equals(before)) {
      events.warning(cr, EventReason.NoPodsMatched, StatusAggregator.noPodsMatched(cr));
    }
  }

  private void apply(SandboxEgress cr, Bundle bundle, Context<SandboxEgress> context, boolean istioInstalled,
      boolean restoresLiveRevision) {
    AppliedChanges changes = new AppliedChanges();
    ApplyState.put(context, new ApplyState(bundle, changes, istioInstalled));
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
        .throwAggregateExceptionIfErrorsPresent();
    if (istioInstalled) {
      guard.apply(cr, () -> {
        adopt(cr, GatewayFinalizer.addBeforeApplying(cr, bundle.crossNamespace(), context));
        crossNamespace.reconcile(cr, bundle.crossNamespace(), changes);
        adopt(cr, GatewayFinalizer.removeWhenNoneLeft(cr, bundle.crossNamespace(), context));
      });
    }
    report(cr, changes, restoresLiveRevision);
  }

  /** Carries a finalizer change written by {@code current} into the {@code cr} this reconciliation holds. */
  private static void adopt(SandboxEgress cr, SandboxEgress current) {
    cr.getMetadata().setFinalizers(current.getMetadata().getFinalizers());
    cr.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
  }

  private void report(SandboxEgress cr, AppliedChanges changes, boolean restoresLiveRevision) {
    for (AppliedChanges.Change change : changes.all()) {
      metrics.applied(change.kind(), change.action().name());
    }
    changes.events(restoresLiveRevision).forEach((reason, message) -> events.normal(cr, reason, message));
  }

  private UpdateControl<SandboxEgress> stalled(SandboxEgress cr, RefusalReason reason, List<FieldError> errors,
      int matchedPods, Instant now, Context<SandboxEgress> context) {
    SandboxEgressStatus next = StatusAggregator.stalled(cr, ConditionReason.refused(reason), errors, matchedPods, now);
    String message = Conditions.find(next.getConditions(), Conditions.STALLED).orElseThrow().getMessage();
    boolean alreadyReported = Conditions.find(statusConditions(cr), Conditions.STALLED)
        .map(c -> Conditions.has(c, ConditionStatus.True) && message.equals(c.getMessage())
            && Objects.equals(c.getObservedGeneration(), cr.getMetadata().getGeneration()))
        .orElse(false);
    if (!alreadyReported) {
      events.warning(cr, EventReason.refused(reason), message);
    }
    metrics.matchedPods(cr.getMetadata().getNamespace(), cr.getMetadata().getName(), matchedPods);
    metrics.stalled(cr.getMetadata().getNamespace(), cr.getMetadata().getName(), true);
    metrics.reconciled();
    return patchIfChanged(cr, next, context);
  }

  /**
   * No write when the status is what it already was. Otherwise a server-side apply of the status
   * whose result goes into JOSDK's cache at once: the next reconciliation (often already queued,
   * e.g. by the deletion of a probe pod) must see this status, not the one before it, or it would
   * start probes again and overwrite the results just written.
   */
  private static UpdateControl<SandboxEgress> patchIfChanged(SandboxEgress cr, SandboxEgressStatus next,
      Context<SandboxEgress> context) {
    if (cr.getStatus() != null && Serialization.jsonMapper().valueToTree(cr.getStatus())
        .equals(Serialization.jsonMapper().valueToTree(next))) {
      return UpdateControl.noUpdate();
    }
    SandboxEgress statusOnly = new SandboxEgress();
    statusOnly.setMetadata(new ObjectMetaBuilder().withName(cr.getMetadata().getName())
        .withNamespace(cr.getMetadata().getNamespace()).build());
    statusOnly.setStatus(next);
    SandboxEgress patched = PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(cr, statusOnly, context);
    // The answer is the object as it is now. A spec change made while this reconciliation ran has
    // a newer generation, and its event, older than the cached answer, is dropped like the
    // operator's own write: reconcile again at once instead of at the next resync.
    if (patched != null && !Objects.equals(patched.getMetadata().getGeneration(), cr.getMetadata().getGeneration())) {
      return UpdateControl.<SandboxEgress>noUpdate().rescheduleAfter(Duration.ZERO);
    }
    return UpdateControl.noUpdate();
  }

  private static List<io.fabric8.kubernetes.api.model.Condition> statusConditions(SandboxEgress cr) {
    return cr.getStatus() == null ? List.of() : cr.getStatus().getConditions();
  }
}
