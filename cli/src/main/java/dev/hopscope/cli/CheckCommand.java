package dev.hopscope.cli;

import dev.hopscope.store.embedded.DataDirectoryReport;
import dev.hopscope.store.embedded.DataDirectoryVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a data directory offline, or runs reliability trials.",
      "  check --data-dir ./data      every checksum; exit 1 on damage",
      "  check crash --trials 20      kill -9 under load; nothing acknowledged lost",
      "  check overload --seconds 60  4x capacity with -Xmx512m",
      "  check fuzz --minutes 10      Jazzer on decoders, parser, block reader",
      "  check soak --minutes 30      fixed rate; heap, p99, disk as HTML"
    },
    subcommands = {
      CheckCrashCommand.class,
      CheckOverloadCommand.class,
      CheckFuzzCommand.class,
      CheckSoakCommand.class
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The data directory to verify (the server's --data-dir); the server may run.")
  @Nullable Path dataDir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dataDir == null) {
      err.println("hopscope check: say what to check: --data-dir DIR, or a subcommand.");
      spec.commandLine().usage(err);
      return 2;
    }
    DataDirectoryReport report;
    try {
      report = DataDirectoryVerifier.verify(dataDir);
    } catch (IllegalArgumentException e) {
      err.println("hopscope check: " + e.getMessage());
      return 2;
    }
    out.printf(
        "Checked %d files, %,d bytes in %s%n",
        report.filesChecked(), report.bytesChecked(), dataDir.toAbsolutePath().normalize());
    for (DataDirectoryReport.Finding note : report.notes()) {
      out.println("  note:    " + note);
    }
    for (DataDirectoryReport.Finding problem : report.problems()) {
      out.println("  DAMAGED: " + problem);
    }
    if (report.healthy()) {
      out.println("No damage found.");
      return 0;
    }
    out.printf(
        "%d damaged file(s). The server quarantines blocks that fail a checksum or their footer"
            + " check at startup and serves the rest; restore damaged files from a backup to get"
            + " their spans back. A block it cannot read (an I/O error) or that does not decode"
            + " although its checksums pass stays in place and fails only the reads that need"
            + " it: check the disk, or report the decode failure as a bug.%n",
        report.problems().size());
    return 1;
  }
}
