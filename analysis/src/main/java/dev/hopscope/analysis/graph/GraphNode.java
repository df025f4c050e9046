package dev.hopscope.analysis.graph;

/**
 * One service or uninstrumented peer.
 *
 * @param callsIn calls received over edges into this node
 * @param callsOut calls made over edges out of this node
 * @param errorsIn received calls that failed on either side
 */
public record GraphNode(String name, NodeKind kind, long callsIn, long callsOut, long errorsIn) {}
