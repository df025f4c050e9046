package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.sketch.LatencySketch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A versioned binary form of a {@link ServiceGraph}, for persisting per-minute graphs. Version 2
 * adds each edge's first and last call start (for rates over the time the data covers); version 1
 * is still read, its edges with unknown times (rate 0).
 */
final class ServiceGraphCodec {
  private static final int MAGIC = 0x48534731; // "HSG1"
  private static final byte VERSION = 2;
  private static final byte VERSION_WITHOUT_CALL_TIMES = 1;

  private ServiceGraphCodec() {}

  static byte[] encode(Map<String, NodeKind> nodes, Map<ServiceGraph.EdgeKey, EdgeState> edges) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeInt(nodes.size());
      for (Map.Entry<String, NodeKind> node : nodes.entrySet()) {
        out.writeUTF(node.getKey());
        out.writeByte(node.getValue().ordinal());
      }
      out.writeInt(edges.size());
      for (Map.Entry<ServiceGraph.EdgeKey, EdgeState> edge : edges.entrySet()) {
        out.writeUTF(edge.getKey().caller());
        out.writeUTF(edge.getKey().callee());
        out.writeByte(edge.getKey().calleeKind().ordinal());
        EdgeState state = edge.getValue();
        out.writeLong(state.requests);
        out.writeLong(state.errors);
        out.writeLong(state.firstStartNanos);
        out.writeLong(state.lastStartNanos);
        for (LatencySketch sketch :
            new LatencySketch[] {
              state.clientDuration, state.outboundGap, state.returnGap, state.serverTime
            }) {
          byte[] encoded = sketch.toBytes();
          out.writeInt(encoded.length);
          out.write(encoded);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static void decodeInto(byte[] bytes, ServiceGraph graph) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int magic = in.readInt();
      byte version = in.readByte();
      if (magic != MAGIC || (version != VERSION && version != VERSION_WITHOUT_CALL_TIMES)) {
        throw new IllegalArgumentException(
            "service graph bytes must start with magic HSG1 and version "
                + VERSION_WITHOUT_CALL_TIMES
                + " or "
                + VERSION
                + "; these were written by a newer version or are not a service graph");
      }
      NodeKind[] kinds = NodeKind.values();
      int nodeCount = in.readInt();
      for (int i = 0; i < nodeCount; i++) {
        graph.putNode(in.readUTF(), kinds[in.readUnsignedByte()]);
      }
      int edgeCount = in.readInt();
      for (int i = 0; i < edgeCount; i++) {
        ServiceGraph.EdgeKey key =
            new ServiceGraph.EdgeKey(in.readUTF(), in.readUTF(), kinds[in.readUnsignedByte()]);
        long requests = in.readLong();
        long errors = in.readLong();
        long first = EdgeState.NO_FIRST;
        long last = EdgeState.NO_LAST;
        if (version != VERSION_WITHOUT_CALL_TIMES) {
          first = in.readLong();
          last = in.readLong();
        }
        LatencySketch[] sketches = new LatencySketch[4];
        for (int s = 0; s < sketches.length; s++) {
          byte[] encoded = new byte[in.readInt()];
          in.readFully(encoded);
          sketches[s] = LatencySketch.fromBytes(encoded);
        }
        graph.putEdge(key, new EdgeState(requests, errors, first, last, sketches));
      }
    } catch (IOException | ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("service graph bytes are truncated or corrupt", e);
    }
  }
}
