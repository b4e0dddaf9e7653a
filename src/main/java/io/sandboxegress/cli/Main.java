package io.sandboxegress.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable: {@code java -jar sandbox-egress-operator.jar <command>}. */
@Command(name = "sandbox-egress-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Decides and proves what the network lets sandbox pods reach.",
    subcommands = {RunCommand.class, DemoCommand.class, RenderCommand.class, ProbeCommand.class,
        DiagnoseCommand.class, HistoryCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
