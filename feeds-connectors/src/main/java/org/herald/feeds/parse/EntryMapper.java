package org.herald.feeds.parse;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.herald.feeds.normalise.FeedEntry;
import org.herald.feeds.normalise.Geo;
import org.jdom2.Element;

/** Rome's SyndEntry (plus the entry's own markup, when known) → our FeedEntry. */
final class EntryMapper {
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String DCTERMS = "http://purl.org/dc/terms/";
    private static final List<String> PUBLISHED = List.of("pubDate", "published", "issued", "created", "date");
    private static final List<String> UPDATED = List.of("updated", "modified");

    private EntryMapper() {
    }

    static FeedEntry map(SyndEntry e, Element raw, String format, URI base, String label, List<String> warnings) {
        String guid = Text.clean(e.getUri());
        // Rome copies an RSS item's link into uri when it has no <guid>: that is not a guid.
        if (raw != null && format.startsWith("rss_") && !format.equals("rss_1.0")
                && raw.getChild("guid", raw.getNamespace()) == null) {
            guid = null;
        }
        SyndContent description = e.getDescription();
        SyndContent content = e.getContents().isEmpty() ? null : e.getContents().get(0);
        String type = XmlFeedReader.contentType(content != null ? content : description, format);
        Instant published = instant(e.getPublishedDate());
        Instant updated = instant(e.getUpdatedDate());
        if (published == null && raw != null) {
            published = fallbackDate(raw, PUBLISHED, label, warnings);
        }
        if (updated == null && raw != null) {
            updated = fallbackDate(raw, UPDATED, label, warnings);
        }
        Geo geo = GeoReader.read(raw != null ? raw.getChildren() : e.getForeignMarkup(), label, warnings);
        String title = Text.clean(e.getTitle());
        if (title == null && raw != null) {
            title = Text.clean(raw.getChildText("title", org.jdom2.Namespace.getNamespace(DC)));
        }
        return new FeedEntry(guid, Links.resolve(base, link(e)), title,
                description == null ? null : Text.clean(description.getValue()),
                content == null ? null : Text.clean(content.getValue()), type, published, updated, authors(e),
                categories(e), geo);
    }

    private static String link(SyndEntry e) {
        if (e.getLink() != null && !e.getLink().isBlank()) {
            return e.getLink();
        }
        for (SyndLink l : e.getLinks()) {
            if (l.getRel() == null || "alternate".equals(l.getRel())) {
                return l.getHref();
            }
        }
        return null;
    }

    private static List<String> authors(SyndEntry e) {
        Set<String> out = new LinkedHashSet<>();
        for (SyndPerson p : e.getAuthors()) {
            String n = Text.clean(p.getName());
            if (n == null) {
                n = Text.clean(p.getEmail());
            }
            if (n != null) {
                out.add(n);
            }
        }
        if (out.isEmpty() && Text.clean(e.getAuthor()) != null) {
            out.add(Text.clean(e.getAuthor()));
        }
        return new ArrayList<>(out);
    }

    private static List<String> categories(SyndEntry e) {
        Set<String> out = new LinkedHashSet<>();
        for (SyndCategory c : e.getCategories()) {
            String n = Text.clean(c.getName());
            if (n != null) {
                out.add(n);
            }
        }
        return new ArrayList<>(out);
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    /** Rome gave no date: look at the raw element text ourselves (RSS pubDate, Atom, Dublin Core). */
    private static Instant fallbackDate(Element raw, List<String> names, String label, List<String> warnings) {
        for (Element c : raw.getChildren()) {
            String ns = c.getNamespaceURI();
            boolean own = ns.equals(raw.getNamespaceURI()) || ns.equals(DC) || ns.equals(DCTERMS);
            if (own && names.contains(c.getName())) {
                String text = c.getTextNormalize();
                Instant i = Dates.parse(text);
                if (i != null) {
                    return i;
                }
                if (!text.isEmpty()) {
                    warnings.add(label + ": unreadable date '" + Text.clip(text) + "'; ignored");
                }
            }
        }
        return null;
    }
}
