package dev.hopscope.demo.cli;

import java.io.Console;

/** Whether this process talks to a person at a terminal, or to a file or pipe. */
public final class Terminal {
  private Terminal() {}

  /**
   * True when standard input and output are a terminal. Java 21 and 25 return a console only then;
   * Java 22 to 24 return one even when redirected, and there {@code Console.isTerminal()} (added in
   * 22, so called reflectively from code compiled for 21) tells.
   */
  public static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException java21) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
