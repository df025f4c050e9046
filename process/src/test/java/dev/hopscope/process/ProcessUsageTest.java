package dev.hopscope.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void aGoneProcessHasNoNumbers() {
    long noSuchPid = Long.MAX_VALUE;

    assertThat(ProcessUsage.cpuSeconds(noSuchPid)).isEmpty();
    assertThat(ProcessUsage.peakRssBytes(noSuchPid)).isEmpty();
  }

  @Test
  void pinningPrefixesTasksetOnlyWhenCpusAreGiven() {
    List<String> java = List.of("java", "-jar", "x.jar");

    assertThat(Cpus.pinned("0-1", java))
        .containsExactly("taskset", "-c", "0-1", "java", "-jar", "x.jar");
    assertThat(Cpus.pinned(null, java)).isEqualTo(java);
  }
}
