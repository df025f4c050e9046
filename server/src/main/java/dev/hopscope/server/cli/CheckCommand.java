package dev.hopscope.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Checks a data directory offline (every checksum) or runs crash and fuzz trials.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return NotAvailableYet.report(spec.commandLine().getErr(), "check", "the reliability issue");
  }
}
