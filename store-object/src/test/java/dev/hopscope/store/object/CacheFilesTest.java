package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFilesTest {
  @TempDir Path directory;

  @Test
  void keepsTheBytesUnderTheNameAndNothingAside() throws IOException {
    Path file = directory.resolve("tenant").resolve("block.tail");

    CacheFiles.keep(file, bytes("first"), "tail");
    CacheFiles.keep(file, bytes("second"), "tail");

    assertThat(Files.readString(file)).isEqualTo("second");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  /** The caller has the bytes in memory: a disk that refuses them costs a later download only. */
  @Test
  void aFileThatCannotBeKeptIsForgottenNotThrown() throws IOException {
    Path notADirectory = Files.writeString(directory.resolve("tenant"), "a file");

    CacheFiles.keep(notADirectory.resolve("id.json"), bytes("{}"), "meta");

    assertThat(Files.readString(notADirectory)).isEqualTo("a file");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
