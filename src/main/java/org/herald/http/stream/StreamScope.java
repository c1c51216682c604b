package org.herald.http.stream;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one client's stream follows. For a leaf: the leaf. For a collection (XEP-0248): its leaf descendants the
 * reader may read, whose items it streams, and the collections on the way, whose changes re-resolve the scope.
 */
record StreamScope(String root, boolean collection, Set<String> leaves, Set<String> collections) {
    StreamScope {
        leaves = Set.copyOf(leaves);
        collections = Set.copyOf(collections);
    }

    static StreamScope leaf(String node) {
        return new StreamScope(node, false, Set.of(node), Set.of());
    }

    /** Every node whose events the stream listens to. */
    Set<String> nodes() {
        Set<String> all = new LinkedHashSet<>(collections);
        all.addAll(leaves);
        all.add(root);
        return all;
    }
}
