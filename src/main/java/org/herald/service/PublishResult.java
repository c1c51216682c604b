package org.herald.service;

/** What a publisher is told (§7.1.2): the ItemID, or null for a transient notification-only publish. */
public record PublishResult(String node, String itemId) {
}
