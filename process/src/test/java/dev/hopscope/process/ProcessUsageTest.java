package dev.hopscope.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The numbers the bench reports as a server's own, read here from this test's JVM. */
class ProcessUsageTest {
  @Test
  void aLiveJvmHasUsedCpuAndMemory() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "/proc is Linux's");
    long pid = ProcessHandle.current().pid();

    assertThat(ProcessUsage.cpuSeconds(pid)).isPresent();
    assertThat(ProcessUsage.cpuSeconds(pid).getAsDouble()).isPositive();
    // A JVM's heap alone is more than a megabyte; VmHWM is in kB, so a unit slip shows here.
    assertThat(ProcessUsage.peakRssBytes(pid)).isPresent();
    assertThat(ProcessUsage.peakRssBytes(pid).getAsLong()).isGreaterThan(1L << 20);
  }

  @Test
  void threadsCountByNameWithAPoolsNumbersFolded() throws InterruptedException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "/proc is Linux's");
    long pid = ProcessHandle.current().pid();
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> pool = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      Thread thread = new Thread(() -> awaitQuietly(release), "usage-pool-" + i);
      thread.start();
      pool.add(thread);
    }
    try {
      Map<String, Double> threads = ProcessUsage.threadCpuSeconds(pid);

      assertThat(threads).containsKey("usage-pool-#").doesNotContainKey("usage-pool-1");
      assertThat(threads.keySet()).noneMatch(name -> name.matches(".*[0-9].*"));
      // Threads that ended are not listed, so the threads' sum is at most the process's.
      double sum = threads.values().stream().mapToDouble(Double::doubleValue).sum();
      assertThat(sum).isPositive().isLessThanOrEqualTo(ProcessUsage.cpuSeconds(pid).getAsDouble());
    } finally {
      release.countDown();
      for (Thread thread : pool) {
        thread.join();
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aGoneProcessHasNoNumbers() {
    long noSuchPid = Long.MAX_VALUE;

    assertThat(ProcessUsage.cpuSeconds(noSuchPid)).isEmpty();
    assertThat(ProcessUsage.peakRssBytes(noSuchPid)).isEmpty();
    assertThat(ProcessUsage.threadCpuSeconds(noSuchPid)).isEmpty();
  }

  @Test
  void pinningPrefixesTasksetOnlyWhenCpusAreGiven() {
    List<String> java = List.of("java", "-jar", "x.jar");

    assertThat(Cpus.pinned("0-1", java))
        .containsExactly("taskset", "-c", "0-1", "java", "-jar", "x.jar");
    assertThat(Cpus.pinned(null, java)).isEqualTo(java);
  }
}
