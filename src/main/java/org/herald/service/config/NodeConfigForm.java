package org.herald.service.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.time.Duration;
import org.herald.domain.AccessModel;
import org.herald.domain.ItemReply;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.geo.GeoKeying;
import org.herald.domain.geo.GeoSettings;
import org.herald.domain.geo.InvalidGeoPolicy;

/**
 * The pubsub#node_config form (XEP-0060 §17.4.4) as Herald supports it: each field knows how to show a
 * configuration and how to apply a submitted value to it. Only fields Herald enforces are offered; a submitted
 * field Herald does not know is refused with not-acceptable naming it (§8.2.5: a change that cannot be processed).
 */
public final class NodeConfigForm {

    public static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#node_config";

    public static final String GEO_KEY = "herald#geo_key";
    public static final String GEO_INVALID = "herald#geo_invalid";
    public static final String STALE_AFTER = "herald#stale_after";

    /** The longest pubsub#item_expire accepted, in seconds (a century); "max" means items never expire. */
    static final long MAX_ITEM_EXPIRE_SECONDS = 100L * 365 * 24 * 3600;

    /** Access models this build enforces; the others are refused as unsupported features (§4.5). */
    static final List<AccessModel> SUPPORTED_ACCESS = List.of(AccessModel.OPEN, AccessModel.PRESENCE, AccessModel.ROSTER,
            AccessModel.AUTHORIZE, AccessModel.WHITELIST);

    /** Bounds on pubsub#roster_groups_allowed, so a form cannot make every access check expensive. */
    static final int MAX_ROSTER_GROUPS = 100;
    static final int MAX_ROSTER_GROUP_LENGTH = 1023;

    private record Field(FieldSpec spec, Function<NodeConfig, List<String>> show,
                         BiFunction<NodeConfig.Builder, List<String>, NodeConfig.Builder> apply) {
    }

    private final ServiceLimits limits;
    private final Map<String, Field> fields = new LinkedHashMap<>();

    public NodeConfigForm(ServiceLimits limits) {
        this.limits = limits;
        text("pubsub#title", "A friendly name for the node", NodeConfig::title, NodeConfig.Builder::title);
        text("pubsub#description", "A description of the node", NodeConfig::description, NodeConfig.Builder::description);
        add(new FieldSpec("pubsub#node_type", FieldType.LIST_SINGLE, "Whether the node is a leaf or a collection",
                        wires(NodeType.values())),
                c -> List.of(c.nodeType().wire()),
                (b, v) -> b.nodeType(FormValues.choice("pubsub#node_type", v, NodeType.class)));
        // XEP-0248 §configure-collection: the node's parents and (for a collection) its children. Whether the
        // graph may change so is decided by the service, which knows the other nodes.
        add(new FieldSpec("pubsub#collection", FieldType.TEXT_MULTI, "The collections of which this node is a child",
                        List.of()),
                NodeConfig::collection,
                (b, v) -> b.collection(nodeIds(v)));
        add(new FieldSpec("pubsub#children", FieldType.TEXT_MULTI, "The nodes of which this node is a parent",
                        List.of()),
                NodeConfig::children,
                (b, v) -> b.children(nodeIds(v)));
        add(new FieldSpec("pubsub#access_model", FieldType.LIST_SINGLE, "Who may subscribe and retrieve items",
                        SUPPORTED_ACCESS.stream().map(AccessModel::wire).toList()),
                c -> List.of(c.accessModel().wire()),
                (b, v) -> {
                    AccessModel m = FormValues.choice("pubsub#access_model", v, AccessModel.class);
                    if (!SUPPORTED_ACCESS.contains(m)) throw PubSubException.unsupported("access-" + m.wire());
                    return b.accessModel(m);
                });
        // §4.5 "roster" access model: the owner's roster groups whose members may subscribe and retrieve items.
        add(new FieldSpec("pubsub#roster_groups_allowed", FieldType.LIST_MULTI, "Roster groups allowed to subscribe",
                        List.of()),
                NodeConfig::rosterGroupsAllowed,
                (b, v) -> b.rosterGroupsAllowed(rosterGroups(v)));
        add(new FieldSpec("pubsub#publish_model", FieldType.LIST_SINGLE, "Who may publish items",
                        wires(PublishModel.values())),
                c -> List.of(c.publishModel().wire()),
                (b, v) -> b.publishModel(FormValues.choice("pubsub#publish_model", v, PublishModel.class)));
        add(new FieldSpec("pubsub#max_items", FieldType.TEXT_SINGLE,
                        "Most items to keep (a number, or 'max' for the service's limit of " + limits.maxItems() + ")", List.of()),
                c -> List.of(c.maxItems() == NodeConfig.MAX_ITEMS_MAX ? "max" : Long.toString(c.maxItems())),
                (b, v) -> "max".equals(FormValues.single("pubsub#max_items", v))
                        ? b.maxItems(NodeConfig.MAX_ITEMS_MAX)
                        : b.maxItems(FormValues.integer("pubsub#max_items", v, 1, limits.maxItems())));
        bool("pubsub#persist_items", "Keep items in storage", NodeConfig::persistItems, NodeConfig.Builder::persistItems);
        bool("pubsub#deliver_payloads", "Deliver payloads with event notifications",
                NodeConfig::deliverPayloads, NodeConfig.Builder::deliverPayloads);
        bool("pubsub#deliver_notifications", "Deliver event notifications",
                NodeConfig::deliverNotifications, NodeConfig.Builder::deliverNotifications);
        bool("pubsub#notify_config", "Notify subscribers when the configuration changes",
                NodeConfig::notifyConfig, NodeConfig.Builder::notifyConfig);
        bool("pubsub#notify_delete", "Notify subscribers when the node is deleted",
                NodeConfig::notifyDelete, NodeConfig.Builder::notifyDelete);
        bool("pubsub#notify_retract", "Notify subscribers when items are removed",
                NodeConfig::notifyRetract, NodeConfig.Builder::notifyRetract);
        // §13.6: notifications only to subscribers who are available.
        bool("pubsub#presence_based_delivery", "Deliver notifications only to available users",
                NodeConfig::presenceBasedDelivery, NodeConfig.Builder::presenceBasedDelivery);
        // §6.1.7, §17.4.4: when the newest item goes to a subscriber without being published anew.
        add(new FieldSpec("pubsub#send_last_published_item", FieldType.LIST_SINGLE, "When to send the last published item",
                        wires(SendLastPublishedItem.values())),
                c -> List.of(c.sendLastPublishedItem().wire()),
                (b, v) -> b.sendLastPublishedItem(FormValues.choice("pubsub#send_last_published_item", v,
                        SendLastPublishedItem.class)));
        // §17.4.4: owners are told of new subscribers and unsubscribes (§13.14 subscription events).
        bool("pubsub#notify_sub", "Notify owners about new subscribers and unsubscribes",
                NodeConfig::notifySub, NodeConfig.Builder::notifySub);
        bool("pubsub#subscribe", "Allow subscriptions", NodeConfig::subscribe, NodeConfig.Builder::subscribe);
        add(new FieldSpec("pubsub#max_payload_size", FieldType.TEXT_SINGLE,
                        "Largest payload in bytes (at most " + limits.maxPayloadSize() + ")", List.of()),
                c -> List.of(Integer.toString(c.maxPayloadSize())),
                (b, v) -> b.maxPayloadSize((int) FormValues.integer("pubsub#max_payload_size", v, 1, limits.maxPayloadSize())));
        add(new FieldSpec("pubsub#notification_type", FieldType.LIST_SINGLE, "Message type of notifications",
                        wires(NotificationType.values())),
                c -> List.of(c.notificationType().wire()),
                (b, v) -> b.notificationType(FormValues.choice("pubsub#notification_type", v, NotificationType.class)));
        text("pubsub#type", "The namespace every payload must have", NodeConfig::payloadType, NodeConfig.Builder::payloadType);
        // §17.4.4: seconds after which items are purged; "max" (or empty) for no limit, as Herald imposes none.
        add(new FieldSpec("pubsub#item_expire", FieldType.TEXT_SINGLE,
                        "Seconds after which to automatically purge items ('max' for never)", List.of()),
                c -> List.of(c.itemExpire() == null ? "max" : Long.toString(c.itemExpire().toSeconds())),
                (b, v) -> {
                    String s = FormValues.single("pubsub#item_expire", v).trim();
                    if (s.isEmpty() || "max".equals(s)) return b.itemExpire(null);
                    return b.itemExpire(Duration.ofSeconds(
                            FormValues.integer("pubsub#item_expire", v, 1, MAX_ITEM_EXPIRE_SECONDS)));
                });
        // §13.17: Herald shows the association through the items' 'publisher' attribute (see ItemReply).
        add(new FieldSpec("pubsub#itemreply", FieldType.LIST_SINGLE,
                        "Whether owners or publisher should receive replies to items", wires(ItemReply.values())),
                c -> List.of(c.itemReply().wire()),
                (b, v) -> b.itemReply(FormValues.choice("pubsub#itemreply", v, ItemReply.class)));
        geoFields();
    }

    /**
     * Herald's geolocation options (issue #7, docs/geo-publish.md), beside the pubsub# fields as §17.4.4 lets a
     * service add its own: what an entry of the latest-position index stands for, what an invalid XEP-0080 payload
     * gets, and after how many silent seconds a vehicle is told as stale.
     */
    private void geoFields() {
        add(new FieldSpec(GEO_KEY, FieldType.LIST_SINGLE,
                        "What a position belongs to: each item id (a vehicle) or each publisher", wires(GeoKeying.values())),
                c -> List.of(c.geo().keying().wire()),
                (b, v) -> geo(b, g -> new GeoSettings(FormValues.choice(GEO_KEY, v, GeoKeying.class), g.onInvalid(),
                        g.staleAfter())));
        add(new FieldSpec(GEO_INVALID, FieldType.LIST_SINGLE,
                        "What an invalid geoloc payload gets: refused, or stored and flagged", wires(InvalidGeoPolicy.values())),
                c -> List.of(c.geo().onInvalid().wire()),
                (b, v) -> geo(b, g -> new GeoSettings(g.keying(), FormValues.choice(GEO_INVALID, v, InvalidGeoPolicy.class),
                        g.staleAfter())));
        add(new FieldSpec(STALE_AFTER, FieldType.TEXT_SINGLE,
                        "Seconds without a fix after which a vehicle is stale (empty or 0 for never)", List.of()),
                c -> List.of(c.geo().staleAfter() == null ? "0" : Long.toString(c.geo().staleAfter().toSeconds())),
                (b, v) -> {
                    String s = FormValues.single(STALE_AFTER, v).trim();
                    long seconds = s.isEmpty() ? 0 : FormValues.integer(STALE_AFTER, v, 0, MAX_ITEM_EXPIRE_SECONDS);
                    Duration after = seconds == 0 ? null : Duration.ofSeconds(seconds);
                    return geo(b, g -> new GeoSettings(g.keying(), g.onInvalid(), after));
                });
    }

    /** Changes one part of the geo settings the builder holds (the builder shows no getter: build to read). */
    private static NodeConfig.Builder geo(NodeConfig.Builder b, java.util.function.UnaryOperator<GeoSettings> change) {
        return b.geo(change.apply(b.build().geo()));
    }

    /** Fields in display order, FORM_TYPE excluded (front-ends add it as a hidden field). */
    public List<FieldSpec> fields() {
        return fields.values().stream().map(Field::spec).toList();
    }

    /** The current values of every field for this configuration. */
    public Map<String, List<String>> values(NodeConfig config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Field f : fields.values()) out.put(f.spec().var(), f.show().apply(config));
        return out;
    }

    /**
     * Applies a submitted form to a configuration. Fields left out keep their value (XEP-0004 incomplete
     * submissions, §8.2.5). FORM_TYPE is ignored here; front-ends check it.
     *
     * @throws PubSubException naming the first field at fault
     */
    public NodeConfig apply(NodeConfig base, Map<String, List<String>> submitted) {
        NodeConfig.Builder b = base.with();
        for (Map.Entry<String, List<String>> e : submitted.entrySet()) {
            if ("FORM_TYPE".equals(e.getKey())) continue;
            Field f = fields.get(e.getKey());
            if (f == null) {
                throw PubSubException.badField(PubSubError.NOT_ACCEPTABLE, e.getKey(), "Herald does not support this option");
            }
            b = f.apply().apply(b, e.getValue());
        }
        NodeConfig result = b.build();
        // pubsub#type names the namespace payloads must have (§7.1.3.6): a blank one would refuse every payload.
        if (result.payloadType() != null && result.payloadType().isBlank()) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, "pubsub#type", "must be a namespace");
        }
        return result;
    }

    private static List<String> rosterGroups(List<String> values) {
        List<String> groups = values == null ? List.of()
                : values.stream().filter(v -> !v.isEmpty()).distinct().toList();
        if (groups.size() > MAX_ROSTER_GROUPS) {
            throw PubSubException.badField(PubSubError.NOT_ACCEPTABLE, "pubsub#roster_groups_allowed",
                    "at most " + MAX_ROSTER_GROUPS + " groups");
        }
        if (groups.stream().anyMatch(g -> g.length() > MAX_ROSTER_GROUP_LENGTH)) {
            throw PubSubException.badField(PubSubError.NOT_ACCEPTABLE, "pubsub#roster_groups_allowed",
                    "a group name is longer than " + MAX_ROSTER_GROUP_LENGTH);
        }
        return groups;
    }

    private void add(FieldSpec spec, Function<NodeConfig, List<String>> show,
                     BiFunction<NodeConfig.Builder, List<String>, NodeConfig.Builder> apply) {
        fields.put(spec.var(), new Field(spec, show, apply));
    }

    private void bool(String var, String label, Function<NodeConfig, Boolean> get,
                      BiFunction<NodeConfig.Builder, Boolean, NodeConfig.Builder> set) {
        add(new FieldSpec(var, FieldType.BOOLEAN, label, List.of()),
                c -> List.of(get.apply(c) ? "1" : "0"),
                (b, v) -> set.apply(b, FormValues.bool(var, v)));
    }

    private void text(String var, String label, Function<NodeConfig, String> get,
                      BiFunction<NodeConfig.Builder, String, NodeConfig.Builder> set) {
        add(new FieldSpec(var, FieldType.TEXT_SINGLE, label, List.of()),
                c -> get.apply(c) == null ? List.of() : List.of(get.apply(c)),
                (b, v) -> set.apply(b, FormValues.text(var, v)));
    }

    /**
     * A list of NodeIDs, sorted and without repeats. An empty value stands for the root node (XEP-0248
     * §configure-request): being a child of the root is being in no collection, so it adds nothing.
     */
    private static List<String> nodeIds(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty())
                .distinct().sorted().toList();
    }

    private static List<String> wires(org.herald.domain.WireValue[] values) {
        List<String> out = new ArrayList<>();
        for (var v : values) out.add(v.wire());
        return out;
    }
}
