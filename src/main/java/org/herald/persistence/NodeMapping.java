package org.herald.persistence;

import java.time.Duration;
import java.util.List;
import org.herald.domain.AccessModel;
import org.herald.domain.ItemReply;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.geo.GeoKeying;
import org.herald.domain.geo.GeoSettings;
import org.herald.domain.geo.InvalidGeoPolicy;

/** Converts between {@link NodeEntity} rows and domain {@link Node}s, field by field. */
final class NodeMapping {

    private NodeMapping() {
    }

    static Node toDomain(NodeEntity e) {
        NodeConfig config = new NodeConfig(
                WireNames.decode(NodeType.class, e.nodeType),
                e.title,
                e.description,
                WireNames.decode(AccessModel.class, e.accessModel),
                WireNames.decode(PublishModel.class, e.publishModel),
                e.maxItems,
                e.persistItems,
                e.deliverPayloads,
                e.deliverNotifications,
                e.notifyConfig,
                e.notifyDelete,
                e.notifyRetract,
                e.notifySub,
                e.presenceBasedDelivery,
                e.subscribe,
                e.maxPayloadSize,
                WireNames.decode(SendLastPublishedItem.class, e.sendLastPublishedItem),
                WireNames.decode(NotificationType.class, e.notificationType),
                e.payloadType,
                list(e.rosterGroupsAllowed),
                list(e.contact),
                e.language,
                // the node graph is not a column: NodeStatements fills collection/children from node_collections
                List.of(),
                List.of(),
                e.itemExpire == null ? null : Duration.ofSeconds(e.itemExpire),
                WireNames.decode(ItemReply.class, e.itemReply),
                new GeoSettings(
                        WireNames.decode(GeoKeying.class, e.geoKey),
                        WireNames.decode(InvalidGeoPolicy.class, e.geoInvalid),
                        e.staleAfter == null ? null : Duration.ofSeconds(e.staleAfter)));
        return new Node(e.id, config, Jid.parse(e.creator), e.created);
    }

    static NodeEntity toEntity(Node node) {
        NodeEntity e = new NodeEntity();
        e.id = node.id();
        e.creator = node.creator().toString();
        e.created = node.created();
        applyConfig(e, node.config());
        return e;
    }

    static void applyConfig(NodeEntity e, NodeConfig c) {
        e.nodeType = c.nodeType().wire();
        e.title = c.title();
        e.description = c.description();
        e.accessModel = c.accessModel().wire();
        e.publishModel = c.publishModel().wire();
        e.maxItems = c.maxItems();
        e.persistItems = c.persistItems();
        e.deliverPayloads = c.deliverPayloads();
        e.deliverNotifications = c.deliverNotifications();
        e.notifyConfig = c.notifyConfig();
        e.notifyDelete = c.notifyDelete();
        e.notifyRetract = c.notifyRetract();
        e.notifySub = c.notifySub();
        e.presenceBasedDelivery = c.presenceBasedDelivery();
        e.subscribe = c.subscribe();
        e.maxPayloadSize = c.maxPayloadSize();
        e.sendLastPublishedItem = c.sendLastPublishedItem().wire();
        e.notificationType = c.notificationType().wire();
        e.payloadType = c.payloadType();
        e.rosterGroupsAllowed = c.rosterGroupsAllowed().toArray(String[]::new);
        e.contact = c.contact().toArray(String[]::new);
        e.language = c.language();
        e.itemExpire = c.itemExpire() == null ? null : c.itemExpire().toSeconds();
        e.itemReply = c.itemReply().wire();
        e.geoKey = c.geo().keying().wire();
        e.geoInvalid = c.geo().onInvalid().wire();
        e.staleAfter = c.geo().staleAfter() == null ? null : c.geo().staleAfter().toSeconds();
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }
}
