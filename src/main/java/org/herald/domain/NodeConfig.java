package org.herald.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.herald.domain.geo.GeoSettings;

/**
 * A node's configuration: the XEP-0060 §17.4.4 pubsub#node_config fields Herald enforces.
 * Immutable; {@link #with()} makes a changed copy.
 *
 * @param maxItems items kept, or {@link #MAX_ITEMS_MAX} for "max" (the service's own ceiling, §17.4.4)
 * @param maxPayloadSize largest payload accepted, in bytes of its serialised XML
 * @param payloadType the namespace a payload must have (pubsub#type), or null for any
 * @param collection the collections this node is a child of (XEP-0248 pubsub#collection), sorted
 * @param children for a collection, the nodes it contains (XEP-0248 pubsub#children), sorted; empty for a leaf.
 *                 Both lists are views of one node graph: the store derives them from its parent/child links, so a
 *                 change to one node's children shows in its children's collection and vice versa (XEP-0248
 *                 "Updating Node Configuration When Associating or Dissociating Nodes").
 * @param itemExpire how long an item lives after its publication (pubsub#item_expire), or null for ever
 * @param itemReply pubsub#itemreply (§13.17): whether items name their publisher
 * @param geo Herald's geolocation options (herald#geo_key, herald#geo_invalid, herald#stale_after)
 */
public record NodeConfig(
        NodeType nodeType,
        String title,
        String description,
        AccessModel accessModel,
        PublishModel publishModel,
        long maxItems,
        boolean persistItems,
        boolean deliverPayloads,
        boolean deliverNotifications,
        boolean notifyConfig,
        boolean notifyDelete,
        boolean notifyRetract,
        boolean notifySub,
        boolean presenceBasedDelivery,
        boolean subscribe,
        int maxPayloadSize,
        SendLastPublishedItem sendLastPublishedItem,
        NotificationType notificationType,
        String payloadType,
        List<String> rosterGroupsAllowed,
        List<String> contact,
        String language,
        List<String> collection,
        List<String> children,
        Duration itemExpire,
        ItemReply itemReply,
        GeoSettings geo) {

    /** The sentinel for max_items = "max". */
    public static final long MAX_ITEMS_MAX = Long.MAX_VALUE;

    public NodeConfig {
        Objects.requireNonNull(nodeType);
        Objects.requireNonNull(accessModel);
        Objects.requireNonNull(publishModel);
        Objects.requireNonNull(sendLastPublishedItem);
        Objects.requireNonNull(notificationType);
        Objects.requireNonNull(itemReply);
        Objects.requireNonNull(geo);
        if (itemExpire != null && (itemExpire.isNegative() || itemExpire.isZero())) {
            throw new IllegalArgumentException("itemExpire must be positive: " + itemExpire);
        }
        rosterGroupsAllowed = List.copyOf(rosterGroupsAllowed);
        contact = List.copyOf(contact);
        collection = List.copyOf(collection);
        children = List.copyOf(children);
    }

    /** A configuration with the default geolocation options. */
    public NodeConfig(NodeType nodeType, String title, String description, AccessModel accessModel,
                      PublishModel publishModel, long maxItems, boolean persistItems, boolean deliverPayloads,
                      boolean deliverNotifications, boolean notifyConfig, boolean notifyDelete, boolean notifyRetract,
                      boolean notifySub, boolean presenceBasedDelivery, boolean subscribe, int maxPayloadSize,
                      SendLastPublishedItem sendLastPublishedItem, NotificationType notificationType,
                      String payloadType, List<String> rosterGroupsAllowed, List<String> contact, String language,
                      List<String> collection, List<String> children, Duration itemExpire, ItemReply itemReply) {
        this(nodeType, title, description, accessModel, publishModel, maxItems, persistItems, deliverPayloads,
                deliverNotifications, notifyConfig, notifyDelete, notifyRetract, notifySub, presenceBasedDelivery,
                subscribe, maxPayloadSize, sendLastPublishedItem, notificationType, payloadType, rosterGroupsAllowed,
                contact, language, collection, children, itemExpire, itemReply, GeoSettings.DEFAULT);
    }

    /** A configuration outside any collection, without children, whose items never expire and name their publisher. */
    public NodeConfig(NodeType nodeType, String title, String description, AccessModel accessModel,
                      PublishModel publishModel, long maxItems, boolean persistItems, boolean deliverPayloads,
                      boolean deliverNotifications, boolean notifyConfig, boolean notifyDelete, boolean notifyRetract,
                      boolean notifySub, boolean presenceBasedDelivery, boolean subscribe, int maxPayloadSize,
                      SendLastPublishedItem sendLastPublishedItem, NotificationType notificationType,
                      String payloadType, List<String> rosterGroupsAllowed, List<String> contact, String language) {
        this(nodeType, title, description, accessModel, publishModel, maxItems, persistItems, deliverPayloads,
                deliverNotifications, notifyConfig, notifyDelete, notifyRetract, notifySub, presenceBasedDelivery,
                subscribe, maxPayloadSize, sendLastPublishedItem, notificationType, payloadType, rosterGroupsAllowed,
                contact, language, List.of(), List.of(), null, ItemReply.PUBLISHER);
    }

    /** XEP-0248: a collection contains nodes, never items. */
    public boolean isCollection() {
        return nodeType == NodeType.COLLECTION;
    }

    /** §7.1.2 "Item Publisher": items carry a 'publisher' attribute only when itemreply associates them with it. */
    public boolean showsPublisher() {
        return itemReply == ItemReply.PUBLISHER;
    }

    /** The number of items the store keeps for this node under a service-wide ceiling. */
    public long effectiveMaxItems(long serviceCeiling) {
        return Math.min(maxItems, serviceCeiling);
    }

    public Builder with() {
        return new Builder(this);
    }

    /** Copy-and-change builder; every setter returns this. */
    public static final class Builder {
        private NodeType nodeType;
        private String title;
        private String description;
        private AccessModel accessModel;
        private PublishModel publishModel;
        private long maxItems;
        private boolean persistItems;
        private boolean deliverPayloads;
        private boolean deliverNotifications;
        private boolean notifyConfig;
        private boolean notifyDelete;
        private boolean notifyRetract;
        private boolean notifySub;
        private boolean presenceBasedDelivery;
        private boolean subscribe;
        private int maxPayloadSize;
        private SendLastPublishedItem sendLastPublishedItem;
        private NotificationType notificationType;
        private String payloadType;
        private List<String> rosterGroupsAllowed;
        private List<String> contact;
        private String language;
        private List<String> collection;
        private List<String> children;
        private Duration itemExpire;
        private ItemReply itemReply;
        private GeoSettings geo;

        private Builder(NodeConfig c) {
            nodeType = c.nodeType;
            title = c.title;
            description = c.description;
            accessModel = c.accessModel;
            publishModel = c.publishModel;
            maxItems = c.maxItems;
            persistItems = c.persistItems;
            deliverPayloads = c.deliverPayloads;
            deliverNotifications = c.deliverNotifications;
            notifyConfig = c.notifyConfig;
            notifyDelete = c.notifyDelete;
            notifyRetract = c.notifyRetract;
            notifySub = c.notifySub;
            presenceBasedDelivery = c.presenceBasedDelivery;
            subscribe = c.subscribe;
            maxPayloadSize = c.maxPayloadSize;
            sendLastPublishedItem = c.sendLastPublishedItem;
            notificationType = c.notificationType;
            payloadType = c.payloadType;
            rosterGroupsAllowed = c.rosterGroupsAllowed;
            contact = c.contact;
            language = c.language;
            collection = c.collection;
            children = c.children;
            itemExpire = c.itemExpire;
            itemReply = c.itemReply;
            geo = c.geo;
        }

        public Builder nodeType(NodeType v) { nodeType = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder accessModel(AccessModel v) { accessModel = v; return this; }
        public Builder publishModel(PublishModel v) { publishModel = v; return this; }
        public Builder maxItems(long v) { maxItems = v; return this; }
        public Builder persistItems(boolean v) { persistItems = v; return this; }
        public Builder deliverPayloads(boolean v) { deliverPayloads = v; return this; }
        public Builder deliverNotifications(boolean v) { deliverNotifications = v; return this; }
        public Builder notifyConfig(boolean v) { notifyConfig = v; return this; }
        public Builder notifyDelete(boolean v) { notifyDelete = v; return this; }
        public Builder notifyRetract(boolean v) { notifyRetract = v; return this; }
        public Builder notifySub(boolean v) { notifySub = v; return this; }
        public Builder presenceBasedDelivery(boolean v) { presenceBasedDelivery = v; return this; }
        public Builder subscribe(boolean v) { subscribe = v; return this; }
        public Builder maxPayloadSize(int v) { maxPayloadSize = v; return this; }
        public Builder sendLastPublishedItem(SendLastPublishedItem v) { sendLastPublishedItem = v; return this; }
        public Builder notificationType(NotificationType v) { notificationType = v; return this; }
        public Builder payloadType(String v) { payloadType = v; return this; }
        public Builder rosterGroupsAllowed(List<String> v) { rosterGroupsAllowed = v; return this; }
        public Builder contact(List<String> v) { contact = v; return this; }
        public Builder language(String v) { language = v; return this; }
        public Builder collection(List<String> v) { collection = v; return this; }
        public Builder children(List<String> v) { children = v; return this; }
        public Builder itemExpire(Duration v) { itemExpire = v; return this; }
        public Builder itemReply(ItemReply v) { itemReply = v; return this; }
        public Builder geo(GeoSettings v) { geo = v; return this; }

        public NodeConfig build() {
            return new NodeConfig(nodeType, title, description, accessModel, publishModel, maxItems, persistItems,
                    deliverPayloads, deliverNotifications, notifyConfig, notifyDelete, notifyRetract, notifySub,
                    presenceBasedDelivery, subscribe, maxPayloadSize, sendLastPublishedItem, notificationType,
                    payloadType, rosterGroupsAllowed, contact, language, collection, children, itemExpire, itemReply, geo);
        }
    }
}
