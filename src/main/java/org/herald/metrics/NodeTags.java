package org.herald.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the values of a {@code node} tag: the first {@code limit} nodes seen keep their id, every later one is
 * "_other". First come rather than top-N because a series once exported cannot be taken back from Prometheus'
 * history anyway, and first come needs no counting of the nodes left out.
 */
final class NodeTags {
    static final String OTHER = "_other";

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    NodeTags(int limit) {
        this.limit = limit;
    }

    String of(String node) {
        if (admitted.contains(node)) return node;
        // Two threads may both pass the size check at the limit: the set ends at most a few over, never unbounded.
        if (admitted.size() >= limit) return OTHER;
        admitted.add(node);
        return node;
    }
}
