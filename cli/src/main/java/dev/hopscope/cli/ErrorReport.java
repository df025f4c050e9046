package dev.hopscope.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that fails prints: its message alone ("cannot listen on 127.0.0.1:4317
 * (ports.otlpGrpc): Address already in use; stop whatever uses the port or choose another one"),
 * not that message buried under 38 lines of Netty frames. The stack trace is for whoever asks for
 * it with {@code --debug}.
 */
final class ErrorReport implements IExecutionExceptionHandler {
  static final int EXIT_CODE = 1;

  private final boolean debug;

  ErrorReport(boolean debug) {
    this.debug = debug;
  }

  /**
   * Makes {@code root} and its subcommands report failures this way; {@code --debug} counts
   * wherever it stood on the line (it is an inherited option, matched by whichever command parsed
   * it).
   */
  static void install(CommandLine root) {
    root.setExecutionExceptionHandler(
        (exception, failed, parsed) ->
            new ErrorReport(debugAsked(root.getParseResult()))
                .handleExecutionException(exception, failed, parsed));
  }

  private static boolean debugAsked(ParseResult result) {
    for (ParseResult at = result; at != null; at = at.subcommand()) {
      if (at.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    String message = exception.getMessage();
    err.println(
        "hopscope "
            + commandLine.getCommandName()
            + ": "
            + (message == null || message.isBlank() ? exception.toString() : message));
    if (debug) {
      exception.printStackTrace(err);
    } else {
      err.println("(run with --debug for the stack trace)");
    }
    err.flush();
    return EXIT_CODE;
  }
}
