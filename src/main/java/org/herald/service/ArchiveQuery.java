package org.herald.service;

import java.time.Instant;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;

/**
 * A XEP-0313 query on a node's archive: its items published in [start, end], oldest first, paged by archive id.
 *
 * @param start only items published at or after this instant, or null (§4.1.2 'start')
 * @param end only items published at or before this instant, or null (§4.1.2 'end')
 * @param with only items of this publisher (§4.1.1 'with', matched as for a MUC archive), or null
 * @param page the RSM page asked for, or null for the first page of the service's size
 */
public record ArchiveQuery(Instant start, Instant end, Jid with, PageRequest page) {
    public ArchiveQuery {
        if (start != null && end != null && end.isBefore(start)) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "'end' lies before 'start'");
        }
    }
}
