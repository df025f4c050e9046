package dev.hopscope.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Kills the local cluster's processes when the JVM that started them ends without stopping them
 * (SIGKILL, a crash): shutdown hooks do not run then, and Java cannot ask Linux to signal a child
 * when its parent dies. A small shell process waits on this JVM with {@code tail --pid} and then
 * sends SIGKILL to every pid listed in the pid file, which is rewritten at each start. Where {@code
 * tail --pid} is missing (not GNU coreutils) the watchdog exits at once and only Ctrl-C stops the
 * children.
 */
final class Watchdog implements AutoCloseable {
  private static final String SCRIPT =
      "tail --pid=\"$1\" -f /dev/null 2>/dev/null || exit 0; "
          + "[ -f \"$2\" ] && kill -9 $(cat \"$2\") 2>/dev/null; exit 0";

  private final Path pidFile;
  private final Process process;

  private Watchdog(Path pidFile, Process process) {
    this.pidFile = pidFile;
    this.process = process;
  }

  static Watchdog start(Path pidFile) throws IOException {
    Files.deleteIfExists(pidFile);
    Process process =
        new ProcessBuilder(
                "sh",
                "-c",
                SCRIPT,
                "hopscope-watchdog",
                Long.toString(ProcessHandle.current().pid()),
                pidFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new Watchdog(pidFile, process);
  }

  /** Replaces the pid list (written aside and moved, so the watchdog never reads half a file). */
  synchronized void record(List<Long> pids) throws IOException {
    Path next = pidFile.resolveSibling(pidFile.getFileName() + ".next");
    Files.writeString(next, pids.stream().map(String::valueOf).collect(Collectors.joining(" ")));
    Files.move(next, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Everything was stopped in order: the watchdog and its {@code tail} end without killing. */
  @Override
  public void close() {
    try {
      record(List.of());
    } catch (IOException e) {
      // The shell is stopped first anyway, so it never reads the list.
    }
    List<ProcessHandle> tail = process.descendants().toList();
    process.destroy(); // the shell first: were tail first, the shell would go on to kill
    tail.forEach(ProcessHandle::destroy);
  }
}
