package org.herald.service.port;

import io.smallrye.mutiny.Uni;
import org.herald.domain.Jid;
import org.herald.domain.RosterEntry;

/**
 * What the core asks about relations between users for the "presence" and "roster" access models (XEP-0060 §4.5):
 * how a node owner's roster holds a contact. Implementations answer from wherever they can learn rosters
 * (in Herald: the owner's XMPP server through XEP-0356 privileges) and answer {@link RosterEntry#NONE} when they
 * cannot know: the access models then stay closed rather than guess.
 *
 * <p>Must not block and must not fail: an unanswerable question is answered NONE. The answer may take a while (a
 * query to another server); the core never asks while a database transaction is open.
 */
public interface Relations {

    /** The owner's roster item for the contact (both bare JIDs), or {@link RosterEntry#NONE}. */
    Uni<RosterEntry> contact(Jid owner, Jid contact);

    /** Knows no relations: presence and roster nodes admit only their affiliates. */
    Relations NONE = (owner, contact) -> Uni.createFrom().item(RosterEntry.NONE);
}
