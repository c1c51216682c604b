package org.herald.cache;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.herald.domain.AccessModel;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.ItemReply;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.StoredItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.SubscriptionType;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.GeoKeying;
import org.herald.domain.geo.GeoSettings;
import org.herald.domain.geo.InvalidGeoPolicy;

/**
 * The JSON form of cached values, field by field (no reflection: a field added to a domain record must be added here,
 * and CacheCodecTest's round trips catch one that was forgotten). Enums travel by name; a value that no longer
 * decodes (an older Herald wrote it) fails, and the cache treats that as a miss.
 */
final class CacheCodec {
    private CacheCodec() {
    }

    // ------------------------------------------------------------------ nodes (absent ones too: "no such node")

    static String node(Optional<Node> node) {
        return node.map(n -> new JsonObject().put("id", n.id()).put("creator", n.creator().toString())
                .put("created", n.created().toString()).put("config", config(n.config())).encode()).orElse("{}");
    }

    static Optional<Node> node(String json) {
        JsonObject o = new JsonObject(json);
        if (!o.containsKey("id")) return Optional.empty();
        return Optional.of(new Node(o.getString("id"), config(o.getJsonObject("config")), Jid.parse(o.getString("creator")),
                Instant.parse(o.getString("created"))));
    }

    static JsonObject config(NodeConfig c) {
        return new JsonObject()
                .put("nodeType", c.nodeType().name())
                .put("title", c.title())
                .put("description", c.description())
                .put("accessModel", c.accessModel().name())
                .put("publishModel", c.publishModel().name())
                .put("maxItems", c.maxItems())
                .put("persistItems", c.persistItems())
                .put("deliverPayloads", c.deliverPayloads())
                .put("deliverNotifications", c.deliverNotifications())
                .put("notifyConfig", c.notifyConfig())
                .put("notifyDelete", c.notifyDelete())
                .put("notifyRetract", c.notifyRetract())
                .put("notifySub", c.notifySub())
                .put("presenceBasedDelivery", c.presenceBasedDelivery())
                .put("subscribe", c.subscribe())
                .put("maxPayloadSize", c.maxPayloadSize())
                .put("sendLastPublishedItem", c.sendLastPublishedItem().name())
                .put("notificationType", c.notificationType().name())
                .put("payloadType", c.payloadType())
                .put("rosterGroupsAllowed", new JsonArray(new ArrayList<>(c.rosterGroupsAllowed())))
                .put("contact", new JsonArray(new ArrayList<>(c.contact())))
                .put("language", c.language())
                .put("collection", new JsonArray(new ArrayList<>(c.collection())))
                .put("children", new JsonArray(new ArrayList<>(c.children())))
                .put("itemExpire", c.itemExpire() == null ? null : c.itemExpire().toString())
                .put("itemReply", c.itemReply().name())
                .put("geoKeying", c.geo().keying().name())
                .put("geoOnInvalid", c.geo().onInvalid().name())
                .put("geoStaleAfter", c.geo().staleAfter() == null ? null : c.geo().staleAfter().toString());
    }

    static NodeConfig config(JsonObject o) {
        return new NodeConfig(
                NodeType.valueOf(o.getString("nodeType")),
                o.getString("title"),
                o.getString("description"),
                AccessModel.valueOf(o.getString("accessModel")),
                PublishModel.valueOf(o.getString("publishModel")),
                o.getLong("maxItems"),
                o.getBoolean("persistItems"),
                o.getBoolean("deliverPayloads"),
                o.getBoolean("deliverNotifications"),
                o.getBoolean("notifyConfig"),
                o.getBoolean("notifyDelete"),
                o.getBoolean("notifyRetract"),
                o.getBoolean("notifySub"),
                o.getBoolean("presenceBasedDelivery"),
                o.getBoolean("subscribe"),
                o.getInteger("maxPayloadSize"),
                SendLastPublishedItem.valueOf(o.getString("sendLastPublishedItem")),
                NotificationType.valueOf(o.getString("notificationType")),
                o.getString("payloadType"),
                strings(o.getJsonArray("rosterGroupsAllowed")),
                strings(o.getJsonArray("contact")),
                o.getString("language"),
                strings(o.getJsonArray("collection")),
                strings(o.getJsonArray("children")),
                o.getString("itemExpire") == null ? null : Duration.parse(o.getString("itemExpire")),
                ItemReply.valueOf(o.getString("itemReply")),
                new GeoSettings(GeoKeying.valueOf(o.getString("geoKeying")), InvalidGeoPolicy.valueOf(o.getString("geoOnInvalid")),
                        o.getString("geoStaleAfter") == null ? null : Duration.parse(o.getString("geoStaleAfter"))));
    }

    // ------------------------------------------------------------------ affiliations

    static String affiliations(List<AffiliationEntry> entries) {
        JsonArray a = new JsonArray();
        for (AffiliationEntry e : entries) a.add(new JsonArray().add(e.node()).add(e.jid().toString()).add(e.affiliation().name()));
        return a.encode();
    }

    static List<AffiliationEntry> affiliations(String json) {
        JsonArray a = new JsonArray(json);
        List<AffiliationEntry> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonArray e = a.getJsonArray(i);
            out.add(new AffiliationEntry(e.getString(0), Jid.parse(e.getString(1)), Affiliation.valueOf(e.getString(2))));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ subscriptions

    static String subscriptions(List<Subscription> subs) {
        JsonArray a = new JsonArray();
        for (Subscription s : subs) {
            SubscriptionOptions o = s.options();
            a.add(new JsonObject().put("node", s.node()).put("jid", s.jid().toString()).put("subId", s.subId())
                    .put("state", s.state().name()).put("created", s.created().toString())
                    .put("deliver", o.deliver()).put("digest", o.digest()).put("digestFrequency", o.digestFrequencyMillis())
                    .put("expire", o.expire() == null ? null : o.expire().toString()).put("includeBody", o.includeBody())
                    .put("show", new JsonArray(new ArrayList<>(o.showValues()))).put("type", o.subscriptionType().name())
                    .put("depth", o.subscriptionDepth()).put("temporary", o.temporary())
                    .put("area", o.area() == null ? null : o.area().wire()));
        }
        return a.encode();
    }

    static List<Subscription> subscriptions(String json) {
        JsonArray a = new JsonArray(json);
        List<Subscription> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonObject s = a.getJsonObject(i);
            Set<String> show = new LinkedHashSet<>(strings(s.getJsonArray("show")));
            SubscriptionOptions o = new SubscriptionOptions(s.getBoolean("deliver"), s.getBoolean("digest"),
                    s.getLong("digestFrequency"), s.getString("expire") == null ? null : Instant.parse(s.getString("expire")),
                    s.getBoolean("includeBody"), Set.copyOf(show), SubscriptionType.valueOf(s.getString("type")),
                    s.getInteger("depth"), s.getBoolean("temporary"),
                    s.getString("area") == null ? null : GeoArea.parse(s.getString("area")));
            out.add(new Subscription(s.getString("node"), Jid.parse(s.getString("jid")), s.getString("subId"),
                    SubscriptionState.valueOf(s.getString("state")), Instant.parse(s.getString("created")), o));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ the newest items

    static String lastItems(LastItems last) {
        JsonArray items = new JsonArray();
        for (StoredItem s : last.newest()) {
            Item i = s.item();
            items.add(new JsonArray().add(s.seq()).add(i.node()).add(i.id()).add(i.payload()).add(i.publisher().toString())
                    .add(i.published().toString()));
        }
        return new JsonObject().put("count", last.count()).put("items", items).encode();
    }

    static LastItems lastItems(String json) {
        JsonObject o = new JsonObject(json);
        JsonArray a = o.getJsonArray("items");
        List<StoredItem> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonArray e = a.getJsonArray(i);
            out.add(new StoredItem(e.getLong(0), new Item(e.getString(1), e.getString(2), e.getString(3),
                    Jid.parse(e.getString(4)), Instant.parse(e.getString(5)))));
        }
        return new LastItems(o.getLong("count"), out);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) out.add(a.getString(i));
        return List.copyOf(out);
    }
}
