package org.herald.feeds.parse;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.herald.feeds.normalise.FeedEntry;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through Rome. Module parsers (Dublin Core, syndication, ...) run on extension
 * markup we do not control; when Rome fails, we retry once with that markup stripped and say so in a warning, so one
 * broken extension does not cost the whole feed.
 */
final class XmlFeedReader {
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String ATOM03 = "http://purl.org/atom/ns#";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    /** Elements whose children are content (e.g. XHTML), not extensions: never stripped. */
    private static final Set<String> CONTENT = Set.of("content", "summary", "title", "subtitle", "rights",
            "description", "tagline", "info", "copyright");

    private XmlFeedReader() {
    }

    static ParsedFeed read(String text, URI base, List<String> warnings) throws FeedParseException {
        Document doc = HardenedXml.parse(text);
        SyndFeed feed;
        try {
            feed = rome(doc);
        } catch (FeedException | RuntimeException first) {
            if (noParserFor(first)) {
                throw new FeedParseException("not an RSS or Atom document (root element <"
                        + doc.getRootElement().getQualifiedName() + ">)", first);
            }
            Document bare = doc.clone();
            stripExtensions(bare.getRootElement(), core(bare.getRootElement()));
            try {
                feed = rome(bare);
            } catch (FeedException | RuntimeException e) {
                throw new FeedParseException("Rome could not read the feed: " + describe(first), e);
            }
            warnings.add("extension markup could not be read (" + describe(first) + "); parsed without extensions");
        }
        Element root = doc.getRootElement();
        Element channel = channel(root);
        URI feedBase = Links.baseOf(base, root);
        List<Element> rawItems = items(root, channel);
        List<SyndEntry> entries = feed.getEntries();
        boolean aligned = rawItems.size() == entries.size();
        if (!aligned) {
            warnings.add("could not align " + entries.size() + " entries with the markup; no date/geo fallback");
        }
        String format = feed.getFeedType();
        List<FeedEntry> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Element raw = aligned ? rawItems.get(i) : null;
            out.add(EntryMapper.map(entries.get(i), raw, format, Links.baseOf(feedBase, raw), "entry " + (i + 1),
                    warnings));
        }
        Element linkHolder = channel != null ? channel : root;
        String title = Text.clean(feed.getTitle());
        if (title == null) {
            title = Text.clean(linkHolder.getChildText("title", Namespace.getNamespace(DC)));
        }
        return new ParsedFeed(format, title, Links.resolve(feedBase, feedLink(feed)),
                Links.uri(feedBase, atomLink(linkHolder, "hub")), Links.uri(feedBase, atomLink(linkHolder, "self")),
                ttl(channel, warnings), out, warnings);
    }

    private static SyndFeed rome(Document doc) throws FeedException {
        SyndFeedInput input = new SyndFeedInput();
        return input.build(doc);
    }

    /** WireFeedInput's own "no parser knows this root element" signal (any module failure is something else). */
    private static boolean noParserFor(Exception e) {
        return e.getClass() == IllegalArgumentException.class && "Invalid document".equals(e.getMessage());
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Removes extension elements (namespaces other than the feed's own and RDF) from feed/channel/item levels. */
    private static void stripExtensions(Element e, Set<String> core) {
        e.getChildren().removeIf(c -> !core.contains(c.getNamespaceURI()));
        for (Element c : e.getChildren()) {
            if (!CONTENT.contains(c.getName())) {
                stripExtensions(c, core);
            }
        }
    }

    /** The namespaces of the format itself: the root's, RDF, and (for RSS 0.90/1.0) the one of its channel. */
    private static Set<String> core(Element root) {
        Set<String> core = new java.util.HashSet<>(List.of(root.getNamespaceURI(), RDF));
        Element channel = channel(root);
        if (channel != null) {
            core.add(channel.getNamespaceURI());
        }
        return core;
    }

    private static Element channel(Element root) {
        for (Element c : root.getChildren()) {
            if ("channel".equals(c.getName())) {
                return c;
            }
        }
        return null;
    }

    /** The item/entry elements in document order, the order Rome's parsers produce entries in. */
    private static List<Element> items(Element root, Element channel) {
        List<Element> out = new ArrayList<>();
        Namespace ns = root.getNamespace();
        if ("feed".equals(root.getName())) {
            out.addAll(root.getChildren("entry", ns));
            return out;
        }
        for (Element c : root.getChildren()) {
            if ("item".equals(c.getName())) {
                out.add(c);
            }
        }
        if (channel != null) {
            for (Element c : channel.getChildren()) {
                if ("item".equals(c.getName())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static String feedLink(SyndFeed feed) {
        if (feed.getLink() != null) {
            return feed.getLink();
        }
        for (SyndLink l : feed.getLinks()) {
            if (l.getRel() == null || "alternate".equals(l.getRel())) {
                return l.getHref();
            }
        }
        return null;
    }

    /** atom:link rel=... on the feed or RSS channel (W3C WebSub §4 discovery). */
    private static String atomLink(Element holder, String rel) {
        for (Element c : holder.getChildren("link", Namespace.getNamespace(ATOM))) {
            if (rel.equals(c.getAttributeValue("rel"))) {
                return c.getAttributeValue("href");
            }
        }
        return null;
    }

    /** RSS 2.0 &lt;ttl&gt;: minutes a feed may be cached. */
    private static Integer ttl(Element channel, List<String> warnings) {
        if (channel == null) {
            return null;
        }
        Element ttl = channel.getChild("ttl", channel.getNamespace());
        if (ttl == null) {
            return null;
        }
        try {
            int v = Integer.parseInt(ttl.getTextTrim());
            return v >= 0 ? v : null;
        } catch (NumberFormatException e) {
            warnings.add("ttl '" + Text.clip(ttl.getTextTrim()) + "' is not a number; ignored");
            return null;
        }
    }

    static String contentType(SyndContent c, String format) {
        String t = c == null ? null : c.getType();
        if (t == null) {
            return format != null && format.startsWith("rss") ? "html" : "text";
        }
        if (t.contains("xhtml")) {
            return "xhtml";
        }
        if (t.contains("html")) {
            return "html";
        }
        return "text";
    }
}
