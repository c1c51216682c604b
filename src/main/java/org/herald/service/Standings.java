package org.herald.service;

import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.herald.domain.Jid;
import org.herald.domain.RosterEntry;
import org.herald.service.port.Relations;

/**
 * The roster answers one use case has learned (§4.5 presence and roster access models), so that its transaction
 * never waits on the network: a transaction that needs an answer it does not have stops with {@link Missing},
 * rolls back, the answers are fetched outside any transaction, and the use case runs again with them. Asked again,
 * the transaction re-reads the node's owners and access model, so an answer is used only for an owner that is
 * still an owner; an owner added meanwhile is asked in one more round.
 *
 * <p>Not thread-safe: one use case's rounds run one after another.
 */
final class Standings {

    /** A roster question: how {@code owner}'s roster holds {@code contact} (both bare). */
    record Question(Jid owner, Jid contact) {
    }

    /** The transaction needs these answers; it is rolled back and run again once they are known. */
    static final class Missing extends RuntimeException {
        private final Set<Question> questions;

        Missing(Set<Question> questions) {
            super("roster answers needed: " + questions, null, false, false);
            this.questions = Set.copyOf(questions);
        }
    }

    private final Map<Question, RosterEntry> known = new HashMap<>();
    private boolean settled;

    /**
     * How the owners' rosters hold the contact, any owner's relation counting. Throws {@link Missing} for answers
     * not learned yet, unless the rounds are over ({@link #settle}): then an unknown answer counts as no relation,
     * which refuses rather than guesses.
     */
    RosterEntry of(List<Jid> owners, Jid contact) {
        RosterEntry merged = RosterEntry.NONE;
        Set<Question> missing = new LinkedHashSet<>();
        for (Jid owner : owners) {
            Question q = new Question(owner.bare(), contact.bare());
            RosterEntry answer = known.get(q);
            if (answer == null) missing.add(q);
            else merged = merged.merge(answer);
        }
        if (!missing.isEmpty() && !settled) throw new Missing(missing);
        return merged;
    }

    /** Asks the missing questions, one after another, outside any transaction. An error counts as no relation. */
    Uni<Void> learn(Relations relations, Missing missing) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Question q : missing.questions) {
            chain = chain.chain(() -> ask(relations, q).invoke(answer -> known.put(q, answer)).replaceWithVoid());
        }
        return chain;
    }

    /** No more rounds: from now on an answer not learned counts as no relation. */
    void settle() {
        settled = true;
    }

    /** Asks one question; the port must not fail, but if it does, nothing is admitted on its word. */
    static Uni<RosterEntry> ask(Relations relations, Question q) {
        return Uni.createFrom().deferred(() -> relations.contact(q.owner(), q.contact()))
                .onFailure().recoverWithItem(RosterEntry.NONE)
                .map(answer -> answer == null ? RosterEntry.NONE : answer);
    }
}
