package dev.hopscope.server.cli;

import dev.hopscope.server.reliability.LoggedProcess;
import dev.hopscope.server.reliability.ServerJarUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
}
