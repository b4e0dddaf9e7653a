package io.sandboxegress.testing;

import io.sandboxegress.lab.Lab;
import io.sandboxegress.lab.RootNetworkSnapshot;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Starts a {@link Lab} per test class; see {@link WithLab}. */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LabExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    LabRequirement.assumeLabCanRun();
    ApiServer server = ApiServerExtension.server(context);
    TestNamespace namespace = ApiServerExtension.namespace(context);
    RootNetworkSnapshot before = RootNetworkSnapshot.take();
    Lab lab = Lab.start(server.local());
    lab.manage(namespace.name());
    ExtensionContext.Store store = context.getStore(STORE);
    store.put(RootNetworkSnapshot.class, before);
    store.put(Lab.class, lab);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(STORE);
    Lab lab = store.remove(Lab.class, Lab.class);
    RootNetworkSnapshot before = store.remove(RootNetworkSnapshot.class, RootNetworkSnapshot.class);
    if (lab == null) {
      return;
    }
    lab.close();
    String changed = before.differences(RootNetworkSnapshot.take());
    if (!changed.isEmpty()) {
      throw new AssertionError("the lab changed the root network namespace:\n" + changed);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Lab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext current = context;
    while (current != null) {
      Lab lab = current.getStore(STORE).get(Lab.class, Lab.class);
      if (lab != null) {
        return lab;
      }
      current = current.getParent().orElse(null);
    }
    throw new IllegalStateException("no lab: the class is not annotated @WithLab");
  }
}
