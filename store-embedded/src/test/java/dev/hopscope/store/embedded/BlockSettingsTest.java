package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block settings are checked one way, by the store's configuration and the file writer. */
class BlockSettingsTest {
  @TempDir Path directory;

  @Test
  void zstdLevelIsOneToNineteenWhereverItIsSet() {
    EmbeddedStoreConfig.Builder config = EmbeddedStoreConfig.builder(directory);
    for (int level : new int[] {0, 20}) {
      String message = "zstdLevel must be between 1 and 19; received " + level;
      assertThatThrownBy(() -> config.zstdLevel(level)).hasMessage(message);
      assertThatThrownBy(() -> BlockFileWriter.write(directory.resolve("b"), List.of(), level, 8))
          .hasMessage(message);
      assertThatThrownBy(() -> BlockFileWriter.merge(directory.resolve("b"), List.of(), level, 8))
          .hasMessage(message);
    }
    assertThat(config.zstdLevel(1).zstdLevel(19).build().zstdLevel()).isEqualTo(19);
    assertThat(Files.exists(directory.resolve("b"))).isFalse();
  }

  @Test
  void rowGroupRowsArePositiveWhereverTheyAreSet() {
    String message = "rowGroupRows must be positive; received 0";
    assertThatThrownBy(() -> EmbeddedStoreConfig.builder(directory).rowGroupRows(0))
        .hasMessage(message);
    assertThatThrownBy(() -> BlockFileWriter.write(directory.resolve("b"), List.of(), 3, 0))
        .hasMessage(message);
    assertThat(BlockFileWriter.requireRowGroupRows(1)).isEqualTo(1);
  }
}
