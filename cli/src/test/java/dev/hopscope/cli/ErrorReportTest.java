package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorReportTest {
  private static final String MESSAGE =
      "cannot listen on 127.0.0.1:4317 (ports.otlpGrpc): Address already in use; stop whatever"
          + " uses the port or choose another one";

  @Command(name = "serve")
  static final class FailingStart implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException(MESSAGE, new java.net.BindException("Address in use"));
    }
  }

  @Command(name = "hopscope", subcommands = FailingStart.class)
  static final class Root implements Runnable {
    @picocli.CommandLine.Option(names = "--debug", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Override
    public void run() {}
  }

  private final StringWriter err = new StringWriter();

  private int run(boolean debug) {
    CommandLine commandLine = new CommandLine(new FailingStart());
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler(new ErrorReport(debug));
    return commandLine.execute();
  }

  @Test
  void aFailedStartPrintsItsMessageAloneAndExitsNonZero() {
    assertThat(run(false)).isEqualTo(ErrorReport.EXIT_CODE).isNotZero();
    assertThat(err.toString().lines().toList())
        .containsExactly("hopscope serve: " + MESSAGE, "(run with --debug for the stack trace)");
  }

  @Test
  void debugAddsTheStackTraceWithItsCause() {
    assertThat(run(true)).isEqualTo(ErrorReport.EXIT_CODE);
    assertThat(err.toString())
        .startsWith("hopscope serve: " + MESSAGE)
        .contains("at dev.hopscope.cli.ErrorReportTest$FailingStart.run")
        .contains("Caused by: java.net.BindException");
  }

  @Test
  void debugCountsBeforeOrAfterTheSubcommand() {
    for (String[] args : new String[][] {{"--debug", "serve"}, {"serve", "--debug"}, {"serve"}}) {
      StringWriter text = new StringWriter();
      CommandLine root = new CommandLine(new Root());
      root.setErr(new PrintWriter(text, true));
      ErrorReport.install(root);
      assertThat(root.execute(args)).isEqualTo(ErrorReport.EXIT_CODE);
      boolean debug = args.length == 2;
      assertThat(text.toString().contains("Caused by: java.net.BindException"))
          .as(String.join(" ", args))
          .isEqualTo(debug);
    }
  }
}
