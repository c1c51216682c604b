package org.herald.http.feed;

import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Generator;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.herald.http.feed.FeedEntry.Text;

/**
 * Writes a feed as Atom 1.0 (RFC 4287) with Rome: atom:id is the feed's own URL, links rel=self and rel=hub (W3C
 * WebSub §4), and each entry's position as GeoRSS-Simple.
 */
public final class AtomRenderer {
    private AtomRenderer() {
    }

    public static String render(FeedDocument doc) {
        Feed feed = new Feed("atom_1.0");
        String self = doc.selfUrl(FeedFormat.ATOM);
        feed.setId(self);
        feed.setTitleEx(text(Text.plain(doc.title())));
        feed.setSubtitle(text(Text.plain(doc.description())));
        feed.setUpdated(Date.from(doc.updated()));
        if (doc.language() != null) feed.setLanguage(doc.language());
        feed.setAlternateLinks(List.of(link("alternate", doc.urls().home(), "text/html", null)));
        feed.setOtherLinks(List.of(link("self", self, FeedFormat.ATOM.mediaType(), null),
                link("hub", doc.urls().hub(), null, null)));
        // RFC 4287 §4.1.1: a feed names an author unless every entry does; the node stands in for its publishers.
        feed.setAuthors(List.<SyndPerson>of(person(new FeedEntry.Person(doc.title(), null, null))));
        Generator generator = new Generator();
        generator.setValue("Herald");
        feed.setGenerator(generator);
        feed.setEntries(doc.entries().stream().map(AtomRenderer::entry).toList());
        try {
            return new WireFeedOutput().outputString(feed, false);
        } catch (FeedException e) {
            throw new IllegalStateException("Atom feed of " + doc.nodeId() + " could not be written", e);
        }
    }

    private static Entry entry(FeedEntry e) {
        Entry entry = new Entry();
        entry.setId(e.id());
        entry.setTitleEx(text(e.title()));
        if (e.summary() != null) entry.setSummary(text(e.summary()));
        if (e.content() != null) entry.setContents(List.of(content(e.content())));
        entry.setUpdated(Date.from(e.updated()));
        if (e.published() != null) entry.setPublished(Date.from(e.published()));
        List<Link> alternate = new ArrayList<>();
        List<Link> other = new ArrayList<>();
        for (FeedEntry.Link l : e.links()) {
            (l.rel().equals("alternate") ? alternate : other).add(link(l.rel(), l.href(), l.type(), l.title()));
        }
        entry.setAlternateLinks(alternate);
        entry.setOtherLinks(other);
        entry.setAuthors(e.authors().stream().<SyndPerson>map(AtomRenderer::person).toList());
        if (e.geo() != null) entry.setForeignMarkup(List.of(ForeignMarkup.point(e.geo())));
        return entry;
    }

    private static Content text(Text t) {
        Content c = new Content();
        c.setType(t.html() ? Content.HTML : Content.TEXT);
        c.setValue(t.value());
        return c;
    }

    /** XML payloads are embedded as XML (RFC 4287 §4.1.3.3 rule 4); they were checked to be well-formed. */
    private static Content content(FeedEntry.Content fc) {
        Content c = new Content();
        c.setType(switch (fc.kind()) {
            case TEXT -> Content.TEXT;
            case HTML -> Content.HTML;
            case XML -> "application/xml";
        });
        c.setValue(fc.value());
        return c;
    }

    private static Link link(String rel, String href, String type, String title) {
        Link l = new Link();
        l.setRel(rel);
        l.setHref(href);
        if (type != null) l.setType(type);
        if (title != null) l.setTitle(title);
        return l;
    }

    private static Person person(FeedEntry.Person p) {
        Person person = new Person();
        person.setName(p.name());
        if (p.uri() != null) person.setUri(p.uri());
        if (p.email() != null) person.setEmail(p.email());
        return person;
    }
}
