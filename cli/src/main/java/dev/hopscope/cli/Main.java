package dev.hopscope.cli;

import picocli.CommandLine;

/** The entry point of the runnable jar: {@code java -jar hopscope.jar <command>}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; tests call this instead of main. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with its error report: a failure prints its message, not a stack trace. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new HopscopeCommand());
    ErrorReport.install(commandLine);
    return commandLine;
  }
}
