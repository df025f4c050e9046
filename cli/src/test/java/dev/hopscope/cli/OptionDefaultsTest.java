package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The defaults an option gets when it is left out. Options whose value is never absent hold their
 * default as the field's initial value (so NullAway sees them non-null), which picocli also shows
 * for {@code ${DEFAULT-VALUE}} in {@code --help}: a lost initialiser would read "null" there and
 * hand the command a null.
 */
class OptionDefaultsTest {

  @Test
  void everyDefaultTheHelpPromisesIsAValue() {
    List<String> promised = new ArrayList<>();
    collect(new CommandLine(new HopscopeCommand()), promised);
    assertThat(promised)
        .hasSizeGreaterThan(20)
        .allSatisfy(shown -> assertThat(shown).doesNotContainPattern("default:? null"));
  }

  @Test
  void aLeftOutOptionGetsItsDefault() {
    ExportCommand export = parsed(ExportCommand.class, "export", "--trace", "ab");
    assertThat(export.server).isEqualTo(URI.create("http://127.0.0.1:16686"));
    assertThat(export.query).isNull();

    ImportCommand imported = parsed(ImportCommand.class, "import", "spans.jsonl");
    assertThat(imported.endpoint).isEqualTo(URI.create("http://127.0.0.1:4318/v1/traces"));
    assertThat(imported.files).containsExactly(Path.of("spans.jsonl"));

    CheckSoakCommand soak = parsed(CheckSoakCommand.class, "check", "soak");
    assertThat(soak.report).isEqualTo(Path.of("target/soak.html"));
    assertThat(parsed(CheckFuzzCommand.class, "check", "fuzz").buildDir).isEqualTo("target");
    assertThat(parsed(CheckCrashCommand.class, "check", "crash").killWindow)
        .containsExactly(500, 4000);
    assertThat(parsed(FaultCommand.class, "demo", "fault").admin)
        .isEqualTo("http://127.0.0.1:16690");

    DemoCommand demo = parsed(DemoCommand.class, "demo");
    assertThat(demo.duration).isEqualTo(DemoCommand.DEFAULT_DURATION);
    assertThat(demo.shape.cycle).isEqualTo("10s");
    assertThat(demo.server.dataDir).isNull();
    assertThat(parsed(ClusterCommand.class, "cluster").shape.cycle).isEqualTo("10s");
  }

  @Test
  void aGivenOptionReplacesTheDefault() {
    CheckCrashCommand crash =
        parsed(CheckCrashCommand.class, "check", "crash", "--kill-window", "10,20");
    assertThat(crash.killWindow).containsExactly(10, 20);
    ImportCommand imported =
        parsed(ImportCommand.class, "import", "a.jsonl", "b.json", "--endpoint", "http://h:1/x");
    assertThat(imported.files).containsExactly(Path.of("a.jsonl"), Path.of("b.json"));
    assertThat(imported.endpoint).isEqualTo(URI.create("http://h:1/x"));
  }

  /** The command object picocli filled in for the last command of {@code args}. */
  private static <T> T parsed(Class<T> type, String... args) {
    CommandLine.ParseResult result = new CommandLine(new HopscopeCommand()).parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return type.cast(result.commandSpec().userObject());
  }

  /** "command LABEL: description" for every option or parameter whose help names a default. */
  private static void collect(CommandLine command, List<String> promised) {
    List<ArgSpec> args = new ArrayList<>(command.getCommandSpec().options());
    args.addAll(command.getCommandSpec().positionalParameters());
    for (ArgSpec arg : args) {
      // description() has ${DEFAULT-VALUE} filled in, from defaultValue or the initial value.
      String description = String.join(" ", arg.description());
      if (description.contains("default")) {
        promised.add(
            command.getCommandSpec().qualifiedName() + " " + arg.paramLabel() + ": " + description);
      }
    }
    command.getSubcommands().values().forEach(sub -> collect(sub, promised));
  }
}
