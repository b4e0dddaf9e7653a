package io.sandboxegress.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class on the data-plane lab ({@link io.sandboxegress.lab.Lab}) beside the suite's API
 * server: started before the class, its namespace managed by the lab kubelet, removed after the
 * class, and the root network namespace checked unchanged. Test methods can take a {@code Lab}.
 * Where the lab cannot run the class is skipped with the reason, except under {@code CI=true}, where
 * it fails: CI must prove the data plane, not skip it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithApiServer
@ExtendWith(LabExtension.class)
public @interface WithLab {}
