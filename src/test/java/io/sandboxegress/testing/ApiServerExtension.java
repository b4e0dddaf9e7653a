package io.sandboxegress.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts {@link ApiServer} once for the whole run (kept in the root context's store, stopped when
 * the run ends) and gives each test class a fresh namespace.
 */
public final class ApiServerExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ApiServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    namespace(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == TestNamespace.class || type == ApiServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == TestNamespace.class) {
      return namespace(context);
    }
    ApiServer server = server(context);
    return type == ApiServer.class ? server : server.client();
  }

  static ApiServer server(ExtensionContext context) {
    return context.getRoot().getStore(STORE)
        .getOrComputeIfAbsent(ApiServer.class, key -> ApiServer.start(), ApiServer.class);
  }

  /** Created on first use: a per-class test instance asks for it before beforeAll runs. */
  static TestNamespace namespace(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext.getStore(STORE).getOrComputeIfAbsent(TestNamespace.class, key -> {
      String name = namespaceName(classContext.getRequiredTestClass());
      server(context).client().namespaces().resource(
          new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
      return new TestNamespace(name);
    }, TestNamespace.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static String namespaceName(Class<?> testClass) {
    String base = testClass.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (base.length() > 50) {
      base = base.substring(0, 50);
    }
    return base + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
  }
}
