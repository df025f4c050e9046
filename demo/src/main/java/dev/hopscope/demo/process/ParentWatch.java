package dev.hopscope.demo.process;

import dev.hopscope.demo.cli.Args;

/**
 * Ends a shop service when the process that launched it dies. The launcher's shutdown hook stops
 * its children on a normal exit or Ctrl-C, but a launcher killed outright (SIGKILL, a crashed IDE
 * run) runs no hook; this way its children still do not linger.
 */
public final class ParentWatch {
  /** The flag the launcher passes to every child it starts. */
  public static final String FLAG = "--exit-with-parent";

  private ParentWatch() {}

  /** If {@code args} has {@value #FLAG}, exits (running shutdown hooks) once the parent is gone. */
  public static void apply(String service, Args args) {
    if (!args.has(FLAG.substring(2))) {
      return;
    }
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          System.err.println(service + ": launcher " + parent.pid() + " is gone");
                          System.exit(0);
                        }));
  }
}
