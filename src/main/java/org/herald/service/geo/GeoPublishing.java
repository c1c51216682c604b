package org.herald.service.geo;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.herald.domain.Item;
import org.herald.domain.Node;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.GeoCheck;
import org.herald.domain.geo.GeoKeying;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.GeoProblem;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.GeolocFields;
import org.herald.domain.geo.GeolocValidator;
import org.herald.domain.geo.InvalidGeoPolicy;
import org.herald.domain.geo.Jumps;
import org.herald.domain.geo.Position;
import org.herald.service.port.GeoPayloads;
import org.herald.service.port.StoreTx;

/**
 * The geolocation part of publishing (issue #7, docs/geo-publish.md), kept out of PubSubService: judge an item's
 * XEP-0080 payload before anything is stored, then, inside the publish transaction, move the vehicle in the node's
 * latest-position index and append the fix to its track.
 */
public final class GeoPublishing {

    private final GeoPayloads payloads;
    private final GeolocValidator validator;
    private final GeoLimits limits;

    public GeoPublishing(GeoPayloads payloads, GeoLimits limits) {
        this.payloads = payloads;
        this.limits = limits;
        this.validator = new GeolocValidator(limits.maxFutureSkew());
    }

    /** A publishing part for services without geolocation: no payload is ever read as a place. */
    public static GeoPublishing none() {
        return new GeoPublishing(GeoPayloads.NONE, GeoLimits.DEFAULT);
    }

    public GeoLimits limits() {
        return limits;
    }

    /**
     * Judges the item's geoloc at {@code now}. An invalid one on a node that rejects (herald#geo_invalid = reject,
     * the default) refuses the publish with invalid-payload (§7.1.3.6: the payload does not match what the node
     * accepts) naming the XEP-0080 element at fault, before anything is stored.
     */
    public GeoReading read(Node node, Item item, Instant now) {
        Optional<GeolocFields> fields = geoloc(item);
        if (fields.isEmpty()) return GeoReading.NONE;
        GeoCheck check = validator.check(fields.get(), now);
        if (check.valid()) return new GeoReading(check.geoloc(), false, check.futureSkew());
        if (node.config().geo().onInvalid() == InvalidGeoPolicy.FLAG) return GeoReading.FLAGGED;
        throw refusal(check.problems());
    }

    /**
     * The item's geoloc fields, if any. Most payloads are not about places: one whose text does not even hold the
     * XEP-0080 namespace (no DTD can hide it: the adapters refuse them) costs no XML parse.
     */
    private Optional<GeolocFields> geoloc(Item item) {
        String payload = item.payload();
        if (payload == null || !payload.contains(GeoNames.GEOLOC_NS)) return Optional.empty();
        return payloads.read(payload);
    }

    /** The first element at fault is the field; the text names every one, so the publisher fixes all in one go. */
    static PubSubException refusal(List<GeoProblem> problems) {
        GeoProblem first = problems.get(0);
        StringBuilder text = new StringBuilder(first.reason());
        for (GeoProblem p : problems.subList(1, problems.size())) text.append("; ").append(p);
        return PubSubException.badField(PubSubError.INVALID_PAYLOAD, first.element(), text.toString());
    }

    /** The index entry an item's fix belongs to (herald#geo_key). */
    public static String key(Node node, Item item) {
        return node.config().geo().keying() == GeoKeying.PUBLISHER ? item.publisher().bare().toString() : item.id();
    }

    /**
     * Applies a stored item's reading to the index, in the publish transaction; null when the item carried no valid
     * geoloc. The entry's row is locked first ({@link StoreTx#latestPosition}), so concurrent fixes of one vehicle
     * are ordered; {@link Position#advances} decides whether the fix becomes the latest. Every valid fix goes into
     * the track, late ones included. A stop command (XEP-0080 §4.1) takes the vehicle out of the index.
     */
    public Uni<GeoChange> index(StoreTx tx, Node node, StoredItem stored, GeoReading reading) {
        if (reading.geoloc() == null) return Uni.createFrom().nullItem();
        Item item = stored.item();
        String key = key(node, item);
        Geoloc g = reading.geoloc();
        return tx.latestPosition(node.id(), key).chain(found -> {
            Position previous = found.orElse(null);
            if (!g.sharing()) {
                GeoChange stop = new GeoChange(key, item.id(), null, previous, previous != null, false, false,
                        reading.futureSkew());
                return previous == null ? Uni.createFrom().item(stop)
                        : tx.removeLatestPosition(node.id(), key).replaceWith(stop);
            }
            Position current = new Position(key, g, fixTime(g, reading, item), item.published(), item.id(),
                    stored.seq(), item.publisher(), false);
            boolean advanced = current.advances(previous);
            boolean jump = Jumps.isJump(previous, current, limits.maxSpeed());
            boolean wasStale = advanced && previous != null && previous.stale();
            GeoChange change = new GeoChange(key, item.id(), current, previous, advanced, wasStale, jump,
                    reading.futureSkew());
            Uni<Void> track = tx.appendTrack(node.id(), current, jump);
            return (advanced ? track.chain(() -> tx.putLatestPosition(node.id(), current)) : track).replaceWith(change);
        });
    }

    /**
     * The payload's timestamp, else the time Herald received the item. A timestamp too far in the future is not
     * trusted for ordering: it would freeze the vehicle until the clock caught up, so the receive time orders it.
     */
    private static Instant fixTime(Geoloc g, GeoReading reading, Item item) {
        return g.timestamp() == null || reading.futureSkew() ? item.published() : g.timestamp();
    }

    /** How the item meets area subscriptions: see {@link AreaFilter}. */
    public static AreaFilter areaFilter(GeoReading reading, GeoChange change) {
        if (change != null) return AreaFilter.of(change);
        return reading.flagged() ? AreaFilter.NOWHERE : AreaFilter.NONE;
    }

    /**
     * Takes out of the index the entries whose latest fix came with one of these retracted items (§7.2): the
     * vehicle's position would otherwise point at an item that no longer exists. Returns the keys removed.
     */
    public Uni<List<String>> unindex(StoreTx tx, Node node, List<Item> retracted) {
        Uni<List<String>> chain = Uni.createFrom().item(new java.util.ArrayList<>());
        for (Item item : retracted) {
            // only items that carried a geoloc can be an entry's latest; the rest cost no index query
            if (geoloc(item).isEmpty()) continue;
            String key = key(node, item);
            chain = chain.chain(removed -> tx.latestPosition(node.id(), key).chain(found -> {
                if (found.isEmpty() || !found.get().itemId().equals(item.id())) return Uni.createFrom().item(removed);
                removed.add(key);
                return tx.removeLatestPosition(node.id(), key).replaceWith(removed);
            }));
        }
        return chain;
    }
}
