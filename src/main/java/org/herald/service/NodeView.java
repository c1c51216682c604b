package org.herald.service;

import org.herald.domain.Node;

/** A node as a requester may see it (§5.3/§5.4): the configuration only when {@code readable}. */
public record NodeView(Node node, boolean readable) {
}
