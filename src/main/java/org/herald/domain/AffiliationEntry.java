package org.herald.domain;

/** An affiliation of a bare JID with a node. */
public record AffiliationEntry(String node, Jid jid, Affiliation affiliation) {
}
