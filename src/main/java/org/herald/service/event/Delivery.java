package org.herald.service.event;

import java.util.List;
import java.util.Objects;
import org.herald.domain.Jid;

/**
 * One notification to one recipient. {@code subIds} names the subscriptions it answers when the recipient holds
 * more than one to the node, to be told as SubID SHIM headers (XEP-0060 §6.1.6, §13.16; XEP-0131); empty otherwise.
 * {@code collection} is the collection through which the recipient is subscribed, when the event happened below
 * it, to be told as the Collection SHIM header (XEP-0248 §notify); null for a subscription to the node itself.
 * {@code includeBody} asks for a human-readable message body beside the payload (pubsub#include_body, §13.8).
 * {@code areas} marks, for subscriptions with an area filter (herald#geo_area), how the item's vehicle relates to
 * the area: notifications carry them so a dashboard knows a vehicle entered or left; empty without area filters.
 */
public record Delivery(Jid to, List<String> subIds, String collection, boolean includeBody, List<AreaMark> areas) {
    public Delivery {
        Objects.requireNonNull(to);
        subIds = List.copyOf(subIds);
        areas = List.copyOf(areas);
    }

    public Delivery(Jid to, List<String> subIds, String collection, boolean includeBody) {
        this(to, subIds, collection, includeBody, List.of());
    }

    public Delivery(Jid to, List<String> subIds, String collection) {
        this(to, subIds, collection, false);
    }

    public Delivery(Jid to, List<String> subIds, boolean includeBody) {
        this(to, subIds, null, includeBody);
    }

    public Delivery(Jid to, List<String> subIds) {
        this(to, subIds, null, false);
    }

    public Delivery(Jid to) {
        this(to, List.of(), null, false);
    }
}
