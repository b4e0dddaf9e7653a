package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sandboxegress.backend.Backends;
import io.sandboxegress.backend.OwnedKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every kind a backend owns has its RBAC rows in the operator's permissions (which the chart's
 * RBAC tests hold the chart to): a new backend cannot ship objects the operator may not write.
 */
class BackendRbacRowsTest {

  private static final List<String> MANAGE = List.of("get", "list", "watch", "create", "patch", "update", "delete");

  @Test
  void everyOwnedKindCanBeManagedWhereItLives() {
    for (OwnedKind kind : Backends.kinds()) {
      for (String verb : MANAGE) {
        Permissions.Permission row = new Permissions.Permission(kind.group(), kind.plural(), verb);
        if (kind.inOwnerNamespace()) {
          assertThat(Permissions.MANAGED.all()).as("%s in the SandboxEgress's namespace", row).contains(row);
        }
        if (kind.inGatewayNamespace()) {
          assertThat(Permissions.EGRESS_GATEWAY.all()).as("%s in a gateway's namespace", row).contains(row);
        }
      }
    }
  }
}
