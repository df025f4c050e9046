package dev.hopscope.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the numbers were measured on: CPUs, CPU model, memory, JDK. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cpus", Runtime.getRuntime().availableProcessors());
    json.put("cpuModel", procField("/proc/cpuinfo", "model name"));
    json.put("memTotal", procField("/proc/meminfo", "MemTotal"));
    json.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    json.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return json;
  }

  private static @Nullable String procField(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return null;
  }
}
