package io.sandboxegress.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the suite's one real kube-apiserver (with etcd), with the project's
 * CRDs and Istio's CRDs installed, in a namespace of its own. Test methods and lifecycle methods
 * can take a {@code KubernetesClient}, a {@link TestNamespace} and an {@link ApiServer} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ApiServerExtension.class)
public @interface WithApiServer {}
