package org.herald.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code nodes}. Enumerations are kept as their wire names (what the column holds);
 * {@link NodeMapping} turns a row into a domain {@link org.herald.domain.Node} and back.
 */
@Entity
@Table(name = "nodes")
class NodeEntity {
    @Id
    String id;
    // creation facts never change; keeping them out of UPDATEs says so
    @Column(updatable = false)
    String creator;
    @Column(updatable = false)
    Instant created;
    @Column(name = "node_type")
    String nodeType;
    String title;
    String description;
    @Column(name = "access_model")
    String accessModel;
    @Column(name = "publish_model")
    String publishModel;
    @Column(name = "max_items")
    long maxItems;
    @Column(name = "persist_items")
    boolean persistItems;
    @Column(name = "deliver_payloads")
    boolean deliverPayloads;
    @Column(name = "deliver_notifications")
    boolean deliverNotifications;
    @Column(name = "notify_config")
    boolean notifyConfig;
    @Column(name = "notify_delete")
    boolean notifyDelete;
    @Column(name = "notify_retract")
    boolean notifyRetract;
    @Column(name = "notify_sub")
    boolean notifySub;
    @Column(name = "presence_based_delivery")
    boolean presenceBasedDelivery;
    boolean subscribe;
    @Column(name = "max_payload_size")
    int maxPayloadSize;
    @Column(name = "send_last_published_item")
    String sendLastPublishedItem;
    @Column(name = "notification_type")
    String notificationType;
    @Column(name = "payload_type")
    String payloadType;
    @Column(name = "roster_groups_allowed")
    String[] rosterGroupsAllowed;
    String[] contact;
    String language;
    /** pubsub#item_expire in seconds; null for never. */
    @Column(name = "item_expire")
    Long itemExpire;
    @Column(name = "itemreply")
    String itemReply;
    /** herald#geo_key: item or publisher. */
    @Column(name = "geo_key")
    String geoKey;
    /** herald#geo_invalid: reject or flag. */
    @Column(name = "geo_invalid")
    String geoInvalid;
    /** herald#stale_after in seconds; null for never. */
    @Column(name = "stale_after")
    Long staleAfter;
}
