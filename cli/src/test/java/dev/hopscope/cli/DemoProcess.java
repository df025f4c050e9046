package dev.hopscope.cli;

import dev.hopscope.process.LoggedProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hopscope demo} as a process, started as {@code ./hopscope} starts it: {@code java
 * -Dhopscope.home=<checkout> -jar hopscope.jar demo ...} with the jar under test. The caller
 * watches its output ({@link LoggedProcess#watch}) and then calls {@link LoggedProcess#follow()}.
 */
final class DemoProcess {
  private DemoProcess() {}

  /**
   * Starts the demo with {@code flags}; its output goes to {@code log}. With {@code newSession} it
   * runs in a process group of its own ({@code setsid}), as a terminal's foreground job does, so a
   * test can send Ctrl-C's SIGINT to the whole group without signalling itself.
   */
  static LoggedProcess start(List<String> flags, Path log, boolean newSession) throws IOException {
    List<String> command = new ArrayList<>();
    if (newSession) {
      command.add("setsid");
      // A build started in the background (CI, nohup) hands its children SIGINT ignored, and a JVM
      // that starts with SIGINT ignored never handles it: Ctrl-C would do nothing. A terminal's
      // foreground job has it at its default; perl (perl-base, in every Debian) puts it back.
      command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dhopscope.home=" + Path.of("..").toAbsolutePath().normalize());
    command.addAll(List.of("-jar", ServerJarUnderTest.locate().toString(), "demo"));
    command.addAll(flags);
    return LoggedProcess.start("demo", command, Map.of(), log);
  }

  /** Prints the demo's output for the test report, each line marked. */
  static void print(Path log) throws IOException {
    System.out.println("the demo's output:");
    if (Files.exists(log)) {
      Files.readAllLines(log).forEach(line -> System.out.println("[demo] " + line));
    }
  }

  /**
   * Whether a trace in the native API's shape has every span in: one root, and every other span's
   * parent among its spans. Each service exports in batches of its own, so a child can arrive
   * before its parent.
   */
  static boolean completeTrace(JsonArray spans) {
    Set<String> ids = new HashSet<>();
    for (Object o : spans) {
      ids.add(((JsonObject) o).getString("spanId"));
    }
    int roots = 0;
    for (Object o : spans) {
      String parent = ((JsonObject) o).getString("parentSpanId");
      if (parent.isEmpty()) {
        roots++;
      } else if (!ids.contains(parent)) {
        return false;
      }
    }
    return roots == 1;
  }
}
