package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.herald.domain.AccessPolicy;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.domain.RosterEntry;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PositionsStale;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.Relations;

/**
 * The recipients of one event on a presence or roster node whose right to hear of it rests on the node owners'
 * rosters (§4.5): strangers (affiliation none) to the node. Their rosters are asked after the transaction has
 * committed, just before the event leaves, so that no transaction (and no node lock) waits on an owner's server.
 * Nothing leaks: a stranger the rosters do not admit, or whose relation cannot be learned, is not told.
 *
 * @param config the configuration of the node whose access model decides (a leaf, for collection subscribers too)
 * @param owners the node's owners (bare JIDs); a relation with any one of them counts
 * @param strangers the bare JIDs to ask about
 */
record RosterCheck(NodeConfig config, List<Jid> owners, Set<Jid> strangers) {

    /** Nobody to ask about. */
    static final RosterCheck NONE = new RosterCheck(null, List.of(), Set.of());

    RosterCheck {
        owners = List.copyOf(owners);
        strangers = Set.copyOf(strangers);
    }

    boolean isEmpty() {
        return strangers.isEmpty();
    }

    /** Both checks of one node (its own subscribers and its collections' subscribers) as one. */
    RosterCheck plus(RosterCheck other) {
        if (other.isEmpty()) return this;
        if (isEmpty()) return other;
        Set<Jid> all = new LinkedHashSet<>(strangers);
        all.addAll(other.strangers);
        return new RosterCheck(config, owners, all);
    }

    /** The event with the strangers the owners' rosters do not admit taken out of its recipients. */
    Uni<PubSubEvent> apply(Relations relations, PubSubEvent event) {
        if (isEmpty()) return Uni.createFrom().item(event);
        Set<Jid> admitted = new HashSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Jid stranger : strangers) {
            chain = chain.chain(() -> standing(relations, stranger).invoke(st -> {
                if (AccessPolicy.mayRead(config, Affiliation.NONE, st)) admitted.add(stranger);
            }).replaceWithVoid());
        }
        return chain.map(v -> withRecipients(event, event.recipients().stream()
                .filter(d -> !strangers.contains(d.to().bare()) || admitted.contains(d.to().bare()))
                .toList()));
    }

    private Uni<RosterEntry> standing(Relations relations, Jid stranger) {
        Uni<RosterEntry> merged = Uni.createFrom().item(RosterEntry.NONE);
        for (Jid owner : owners) {
            merged = merged.chain(sofar -> Standings.ask(relations, new Standings.Question(owner, stranger)).map(sofar::merge));
        }
        return merged;
    }

    /** The same event for fewer recipients; only the node events that go to subscribers are ever checked. */
    private static PubSubEvent withRecipients(PubSubEvent e, List<Delivery> to) {
        if (e instanceof ItemsPublished p) return p.to(to);
        if (e instanceof ItemsRetracted r) return new ItemsRetracted(r.node(), r.itemIds(), to);
        if (e instanceof NodePurged p) return new NodePurged(p.node(), to);
        if (e instanceof NodeDeleted d) return new NodeDeleted(d.node(), d.redirect(), to);
        if (e instanceof NodeConfigured c) return new NodeConfigured(c.node(), c.withConfig(), to);
        if (e instanceof PositionsStale s) return new PositionsStale(s.node(), s.positions(), to);
        throw new IllegalArgumentException("no roster check for " + e.getClass().getSimpleName());
    }
}
