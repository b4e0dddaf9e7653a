package io.sandboxegress.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  /** The exit code of a command that failed on something other than its arguments. */
  static final int FAILED = 1;
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    // -V on a subcommand too (picocli gives each subcommand its own, empty, version)
    commandLine.getSubcommands().values()
        .forEach(sub -> sub.getCommandSpec().versionProvider(new VersionProvider()));
    commandLine.setExecutionExceptionHandler(Main::oneLine);
    return commandLine;
  }

  /**
   * An error a command did not handle itself: one line on stderr, not picocli's stack trace. The
   * trace goes to the log at debug level, for whoever has to look deeper.
   */
  private static int oneLine(Exception error, CommandLine commandLine, CommandLine.ParseResult parsed) {
    LOG.debug("{} failed", commandLine.getCommandName(), error);
    commandLine.getErr().println(commandLine.getCommandName() + ": " + ErrorLine.of(error));
    commandLine.getErr().flush();
    return FAILED;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
