package org.herald.service;

/**
 * An item as a publisher sent it (§7.1.1).
 *
 * @param id the ItemID the publisher chose, or null for the service to assign one
 * @param payload the one payload element, serialised, or null when the item is empty
 * @param payloadNamespace the namespace of the payload's root element (checked against pubsub#type)
 */
public record ItemDraft(String id, String payload, String payloadNamespace) {
}
