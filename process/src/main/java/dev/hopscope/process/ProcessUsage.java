package dev.hopscope.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a process has used so far, from Linux's {@code /proc/<pid>}: the numbers a benchmark reports
 * as the server's own (its CPU time and peak memory, not the load generator's). Empty off Linux or
 * once the process is gone.
 */
public final class ProcessUsage {
  private static final long CLOCK_TICKS = clockTicks();

  private ProcessUsage() {}

  /** utime + stime of {@code pid} so far, in seconds, from {@code /proc/<pid>/stat}. */
  public static OptionalDouble cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return OptionalDouble.of((double) ticks(stat) / CLOCK_TICKS);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * utime + stime of each of {@code pid}'s threads so far, in seconds, added up by thread name as
   * the kernel keeps it: a Java thread's name cut to 15 bytes, each run of digits (and a {@code #}
   * before it) replaced by one {@code #}, so a pool's threads count as one. A thread that ends
   * between the listing and the reading is left out. Empty off Linux or once the process is gone.
   */
  public static Map<String, Double> threadCpuSeconds(long pid) {
    Map<String, Double> byName = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip().replaceAll("#?[0-9]+", "#");
          long ticks = ticks(Files.readString(task.resolve("stat")));
          byName.merge(name, (double) ticks / CLOCK_TICKS, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return byName;
  }

  /** utime + stime, in ticks, of a {@code stat} file's line. */
  private static long ticks(String stat) {
    // Fields after the parenthesised command name (which may hold spaces): state is field 3,
    // utime 14, stime 15.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** Peak resident set size ({@code VmHWM} in {@code /proc/<pid>/status}) in bytes. */
  public static OptionalLong peakRssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return OptionalLong.empty();
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (getconf.waitFor() == 0 && !out.isBlank()) {
        return Long.parseLong(out.trim());
      }
    } catch (IOException | RuntimeException e) {
      // Linux's USER_HZ is 100 everywhere we run
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
