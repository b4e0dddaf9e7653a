package io.sandboxegress.lab;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The images the lab kubelet knows how to "run" without a container runtime. The operator's own
 * image runs this JVM's classpath with the container's arguments (exactly what the image's
 * entrypoint, {@code java -jar sandbox-egress-operator.jar}, does), its termination message path
 * mapped to a file of the pod's. Any other image runs a TCP greeter on {@value LabAddresses#POD_PORT},
 * so that another sandbox pod is something a probe could really reach.
 */
final class LabImages {

  /** The image name probe pods get in the lab (the operator's {@code --probe-image}). */
  static final String OPERATOR_IMAGE = "lab.local/sandbox-egress-operator:lab";
  static final String DNSMASQ_IMAGE = "lab.local/dnsmasq:lab";

  private final Map<String, ContainerLaunch.Runner> runners = new java.util.concurrent.ConcurrentHashMap<>();
  private final String javaCommand;
  private final String classpath;
  private final LabCa ca;

  LabImages(LabCa ca) {
    this.javaCommand = ProcessHandle.current().info().command().orElse("java");
    this.classpath = absoluteClasspath();
    this.ca = ca;
  }

  /** A JVM on this JVM's own classpath running {@code mainClass}, as the lab's processes are started. */
  List<String> java(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> argv = new ArrayList<>(List.of(javaCommand, "-XX:-UsePerfData"));
    argv.addAll(jvmOptions);
    argv.addAll(List.of("-cp", classpath, mainClass));
    argv.addAll(args);
    return argv;
  }

  /** This JVM's classpath with every entry absolute: lab processes run from their pod's directory. */
  private static String absoluteClasspath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** Teaches the kubelet another image (istiod, an Istio gateway). */
  void register(String image, ContainerLaunch.Runner runner) {
    runners.put(image, runner);
  }

  ContainerLaunch launch(Pod pod, PodNetwork network, Path podDir) {
    Container container = pod.getSpec().getContainers().get(0);
    ContainerLaunch.Runner runner = runners.get(container.getImage());
    if (runner != null) {
      return runner.launch(pod, network, podDir);
    }
    if (OPERATOR_IMAGE.equals(container.getImage())) {
      return operator(container, podDir);
    }
    if (DNSMASQ_IMAGE.equals(container.getImage())) {
      // the lab builds the dnsmasq pod's command line itself (LabDns): it is in the args
      return new ContainerLaunch(container.getName(), container.getArgs(), Map.of(), null);
    }
    return new ContainerLaunch(container.getName(), List.of("socat",
        "TCP-LISTEN:" + LabAddresses.POD_PORT + ",fork,reuseaddr",
        "SYSTEM:echo lab pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()),
        Map.of(), null);
  }

  private ContainerLaunch operator(Container container, Path podDir) {
    List<String> argv = new ArrayList<>(java(List.of(), "io.sandboxegress.cli.Main", List.of()));
    Path message = podDir.resolve("termination-log");
    try {
      Files.writeString(message, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(container.getArgs() == null ? List.of() : container.getArgs());
    String declared = container.getTerminationMessagePath() == null ? "/dev/termination-log"
        : container.getTerminationMessagePath();
    // the kubelet mounts the termination message file where the container expects it; the lab
    // gives the container the pod's own file instead
    args.replaceAll(arg -> arg.equals(declared) ? message.toString() : arg);
    argv.addAll(args);
    Map<String, String> env = new HashMap<>();
    String toolOptions = "";
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if ("JAVA_TOOL_OPTIONS".equals(var.getName())) {
        toolOptions = var.getValue();
      } else if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    env.put("JAVA_TOOL_OPTIONS", (toolOptions + " " + ca.jvmTrustOptions()).strip());
    return new ContainerLaunch(container.getName(), argv, env, message);
  }
}
