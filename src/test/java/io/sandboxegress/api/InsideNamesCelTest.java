package io.sandboxegress.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.plan.InsideNames;
import io.sandboxegress.plan.InsideNames.Kind;
import org.junit.jupiter.api.Test;

/**
 * The CRD's CEL rules name the same inside names as the planner: annotations take constants only,
 * so AllowRule spells plan.InsideNames' list out as CEL list literals.
 */
class InsideNamesCelTest {

  @Test
  void theCelListsAreInsideNamesList() {
    assertThat(AllowRule.CLUSTER_DOMAINS).isEqualTo(InsideNames.celList(Kind.CLUSTER, true));
    assertThat(AllowRule.CLUSTER_NAMES).isEqualTo(InsideNames.celList(Kind.CLUSTER, false));
    assertThat(AllowRule.LOOPBACK_DOMAINS).isEqualTo(InsideNames.celList(Kind.LOOPBACK, true));
    assertThat(AllowRule.LOOPBACK_NAMES).isEqualTo(InsideNames.celList(Kind.LOOPBACK, false));
    assertThat(AllowRule.METADATA_NAMES).isEqualTo(InsideNames.celList(Kind.METADATA, false));
    assertThat(InsideNames.celList(Kind.METADATA, true)).isEqualTo("[]");
    assertThat(AllowRule.PRIVATE_USE_DOMAINS).isEqualTo(InsideNames.celList(Kind.PRIVATE_USE, true));
    assertThat(InsideNames.celList(Kind.PRIVATE_USE, false)).isEqualTo("[]");
  }
}
