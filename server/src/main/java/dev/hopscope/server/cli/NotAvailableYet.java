package dev.hopscope.server.cli;

import java.io.PrintWriter;

/** The honest answer of a command whose issue has not landed: exit code 2, no fake output. */
final class NotAvailableYet {
  static final int EXIT_CODE = 2;

  private NotAvailableYet() {}

  static int report(PrintWriter err, String command, String what) {
    err.println("hopscope " + command + ": not available yet (" + what + " has not landed).");
    err.flush();
    return EXIT_CODE;
  }
}
