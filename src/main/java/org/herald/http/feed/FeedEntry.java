package org.herald.http.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One item as every feed format shows it, independent of the format. Built by {@link EntryMapper}; every string in
 * it is already {@link XmlText#clean clean}.
 *
 * @param id the entry's permanent id (an Atom payload's own id, else the item's URL)
 * @param itemId the pubsub ItemID
 * @param title never null: a payload's title, else the ItemID
 * @param summary or null
 * @param content or null (an empty item)
 * @param links the Atom payload's links (alternate, enclosure, ...)
 * @param authors the Atom payload's authors, else the publisher when the node discloses publishers (§7.1.2)
 * @param updated never null
 * @param published or null
 * @param geo a position the item carries, or null
 * @param herald the item's JSON form (JSON Feed's {@code _herald} extension)
 */
public record FeedEntry(String id, String itemId, Text title, Text summary, Content content, List<Link> links,
                        List<Person> authors, Instant updated, Instant published, GeoPoint geo, JsonNode herald) {
    public FeedEntry {
        links = List.copyOf(links);
        authors = List.copyOf(authors);
    }

    /** A text construct (RFC 4287 §3.1): plain text or HTML. */
    public record Text(boolean html, String value) {
        public static Text plain(String s) {
            return new Text(false, s);
        }

        /** Plain text for places that take no markup (titles of the status page, RSS titles). */
        public String asPlain() {
            return html ? value.replaceAll("<[^>]*>", "") : value;
        }
    }

    /** What an entry holds: plain text, HTML, or XML shown inline (Atom) or as its source (RSS, JSON Feed). */
    public record Content(Kind kind, String value) {
        public enum Kind { TEXT, HTML, XML }
    }

    public record Link(String href, String rel, String type, String title) {
    }

    public record Person(String name, String uri, String email) {
    }
}
