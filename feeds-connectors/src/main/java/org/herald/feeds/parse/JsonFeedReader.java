package org.herald.feeds.parse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.herald.feeds.normalise.FeedEntry;

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Unknown members and extensions ("_x") are ignored. */
final class JsonFeedReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VERSION_PREFIX = "https://jsonfeed.org/version/";

    private JsonFeedReader() {
    }

    static ParsedFeed read(String text, URI base, List<String> warnings) throws FeedParseException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new FeedParseException("not well-formed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FeedParseException("not a JSON Feed: the document is not a JSON object");
        }
        String version = str(root, "version");
        if (version == null || !version.startsWith(VERSION_PREFIX)) {
            throw new FeedParseException("not a JSON Feed: missing or unknown \"version\"");
        }
        String format = "json_feed_" + version.substring(VERSION_PREFIX.length());
        URI hub = null;
        for (JsonNode h : root.path("hubs")) {
            // JSON Feed §"Subscribing to Real-time Notifications": hubs[].type "WebSub".
            if ("websub".equalsIgnoreCase(str(h, "type")) && hub == null) {
                hub = Links.uri(base, str(h, "url"));
            }
        }
        List<FeedEntry> entries = new ArrayList<>();
        int i = 0;
        for (JsonNode item : root.path("items")) {
            i++;
            if (item.isObject()) {
                entries.add(entry(item, base, "entry " + i, warnings));
            } else {
                warnings.add("entry " + i + " is not a JSON object; skipped");
            }
        }
        return new ParsedFeed(format, Text.clean(str(root, "title")), Links.resolve(base, str(root, "home_page_url")),
                hub, Links.uri(base, str(root, "feed_url")), null, entries, warnings);
    }

    private static FeedEntry entry(JsonNode item, URI base, String label, List<String> warnings) {
        // id "should" be a string but 1.0 feeds in the wild use numbers.
        JsonNode idNode = item.get("id");
        String id = idNode == null || idNode.isNull() || idNode.isContainerNode() ? null : Text.clean(idNode.asText());
        String html = str(item, "content_html");
        String textContent = str(item, "content_text");
        Set<String> authors = new LinkedHashSet<>();
        for (JsonNode a : item.path("authors")) {
            addName(authors, a);
        }
        addName(authors, item.get("author"));
        List<String> tags = new ArrayList<>();
        for (JsonNode t : item.path("tags")) {
            if (t.isTextual() && !t.asText().isBlank()) {
                tags.add(t.asText().strip());
            }
        }
        String link = str(item, "url");
        if (link == null) {
            link = str(item, "external_url");
        }
        return new FeedEntry(id, Links.resolve(base, link), Text.clean(str(item, "title")),
                Text.clean(str(item, "summary")), Text.clean(html != null ? html : textContent),
                html != null ? "html" : "text", date(item, "date_published", label, warnings),
                date(item, "date_modified", label, warnings), new ArrayList<>(authors), tags, null);
    }

    private static void addName(Set<String> out, JsonNode a) {
        if (a != null && a.isObject()) {
            String n = Text.clean(str(a, "name"));
            if (n != null) {
                out.add(n);
            }
        }
    }

    private static Instant date(JsonNode item, String field, String label, List<String> warnings) {
        String raw = str(item, field);
        if (raw == null) {
            return null;
        }
        Instant i = Dates.parse(raw);
        if (i == null) {
            warnings.add(label + ": unreadable " + field + " '" + Text.clip(raw) + "'; ignored");
        }
        return i;
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
