package dev.hopscope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code hopscope} command; it only lists its subcommands. */
@Command(
    name = "hopscope",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Hopscope: a tracing backend that shows where the time of a request went,",
      "above all the time lost between services."
    },
    subcommands = {
      ServeCommand.class,
      ClusterCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      CheckCommand.class,
      ConfigCommand.class,
      TokenCommand.class
    })
final class HopscopeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On failure, print the stack trace as well as the message.")
  boolean debug; // read from the parse result by ErrorReport

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: say which one to run.");
  }
}
