package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Trace;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block whose checksums all pass but whose footer contradicts itself does not open: the footer
 * promised rows its row groups did not hold, and reads answered nothing without an error (issue
 * 25). Each case is a real block, rewritten and resealed as a buggy writer would leave it.
 */
class FooterCheckTest {
  @TempDir Path directory;
  private Path file;
  private long rows;

  @BeforeEach
  void writeBlock() throws IOException {
    file = directory.resolve("0000000000000001.blk");
    List<Trace> traces = TraceFixtures.randomTraces(25, 40);
    rows = traces.stream().mapToLong(trace -> trace.spans().size()).sum();
    BlockSurgery.write(file, traces, 16);
  }

  @Test
  void anIntactBlockOpensAndHoldsWhatItsFooterPromises() throws IOException {
    Block block = Block.open(file);
    try {
      assertThat(block.rowGroupCount()).isGreaterThan(2);
      long held = 0;
      for (int g = 0; g < block.rowGroupCount(); g++) {
        RowGroup group = block.rowGroup(g);
        held += group.spans(0, group.rowCount()).size();
      }
      assertThat(held).isEqualTo(block.rows()).isEqualTo(rows);
    } finally {
      block.release();
    }
  }

  @Test
  void aFooterPromisingMoreRowsThanItsGroupsHoldIsCorrupt() throws IOException {
    BlockSurgery.promiseRows(file, 337);
    assertCorrupt("footer promises 337 rows, row groups hold " + rows);
  }

  @Test
  void aFooterWithoutRowGroupsIsCorrupt() throws IOException {
    edit(footer -> footer(footer, 337, List.of(), footer.tables()));
    assertCorrupt("footer promises 337 rows, row groups hold 0");
  }

  @Test
  void chunksThatOverlapAreCorrupt() throws IOException {
    edit(
        footer -> {
          List<RowGroupMeta> groups = new ArrayList<>(footer.groups());
          RowGroupMeta second = groups.get(1);
          ChunkRef[] columns = second.columns().clone();
          columns[0] = groups.get(0).columns()[0];
          groups.set(1, group(second, columns, second.firstHigh(), second.firstLow()));
          return footer(footer, footer.rows(), groups, footer.tables());
        });
    assertCorrupt("row group 1 column TRACE_RUNS starts at byte 12, before the previous chunk");
  }

  @Test
  void aChunkRunningIntoTheFooterIsCorrupt() throws IOException {
    edit(
        footer -> {
          ChunkRef cells = Objects.requireNonNull(footer.cells());
          ChunkRef longer =
              new ChunkRef(
                  cells.offset(), cells.compressedLength() + 1, cells.rawLength(), cells.crc());
          return new BlockFooter(
              footer.rows(),
              footer.traceRuns(),
              footer.minStart(),
              footer.maxStart(),
              footer.maxEnd(),
              footer.minDuration(),
              footer.maxDuration(),
              footer.tables(),
              footer.groups(),
              footer.bloom(),
              footer.summary(),
              longer,
              footer.digest());
        });
    assertCorrupt("the span cells chunk ends at byte");
  }

  @Test
  void tablesRunningIntoTheCellsAreCorrupt() throws IOException {
    edit(
        footer -> {
          ChunkRef tables = footer.tables();
          ChunkRef longer =
              new ChunkRef(
                  tables.offset(), tables.compressedLength() + 1, tables.rawLength(), tables.crc());
          return footer(footer, footer.rows(), footer.groups(), longer);
        });
    assertCorrupt("the span cells chunk starts at byte");
  }

  @Test
  void rowGroupsOutOfTraceIdOrderAreCorrupt() throws IOException {
    edit(
        footer -> {
          List<RowGroupMeta> groups = new ArrayList<>(footer.groups());
          RowGroupMeta second = groups.get(1);
          groups.set(1, group(second, second.columns(), 0, 1));
          return footer(footer, footer.rows(), groups, footer.tables());
        });
    assertCorrupt(
        "row group 1 starts at trace id 00000000000000000000000000000001, before row group 0");
  }

  @Test
  void aTimeRangeOtherThanTheRowGroupsIsCorrupt() throws IOException {
    edit(
        footer ->
            new BlockFooter(
                footer.rows(),
                footer.traceRuns(),
                footer.minStart() - 1,
                footer.maxStart(),
                footer.maxEnd(),
                footer.minDuration(),
                footer.maxDuration(),
                footer.tables(),
                footer.groups(),
                footer.bloom(),
                footer.summary(),
                footer.cells(),
                footer.digest()));
    assertCorrupt("footer time range");
  }

  private void edit(UnaryOperator<BlockFooter> edit) throws IOException {
    BlockSurgery.editFooter(file, edit);
  }

  private void assertCorrupt(String problem) {
    assertThatThrownBy(() -> Block.open(file))
        .isInstanceOfSatisfying(
            CorruptBlockException.class, e -> assertThat(e.file()).isEqualTo(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(problem);
  }

  private static BlockFooter footer(
      BlockFooter footer, long rows, List<RowGroupMeta> groups, ChunkRef tables) {
    return new BlockFooter(
        rows,
        footer.traceRuns(),
        footer.minStart(),
        footer.maxStart(),
        footer.maxEnd(),
        footer.minDuration(),
        footer.maxDuration(),
        tables,
        groups,
        footer.bloom(),
        footer.summary(),
        footer.cells(),
        footer.digest());
  }

  private static RowGroupMeta group(
      RowGroupMeta group, ChunkRef[] columns, long firstHigh, long firstLow) {
    return new RowGroupMeta(
        group.rows(),
        firstHigh,
        firstLow,
        group.lastHigh(),
        group.lastLow(),
        group.minStart(),
        group.maxEnd(),
        group.minDuration(),
        group.maxDuration(),
        columns,
        group.attributes());
  }
}
