package dev.hopscope.server.cli;

import picocli.CommandLine;

/** The entry point of the runnable jar: {@code java -jar hopscope.jar <command>}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; tests call this instead of main. */
  public static int run(String... args) {
    return new CommandLine(new HopscopeCommand()).execute(args);
  }
}
