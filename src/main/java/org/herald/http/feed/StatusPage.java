package org.herald.http.feed;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.herald.http.PathSegments;

/**
 * The status page for people: one server-rendered HTML document, plain Java string building with every value
 * escaped ({@link XmlText#html}), no scripts and no external assets (the response forbids both by its CSP).
 */
public final class StatusPage {
    private StatusPage() {
    }

    /**
     * @param more whether the list was cut at its configured length
     * @param prefix the NodeID prefix the list was narrowed to, or null
     */
    public static String render(List<StatusNode> nodes, boolean more, String prefix) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Herald</title>");
        for (StatusNode n : nodes) {
            if (n.collection()) continue;
            // feed autodiscovery (RFC 4287 §7 / HTML link rel=alternate)
            h.append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").append(esc(n.title()))
                    .append("\" href=\"").append(esc(feed(n.id(), FeedFormat.ATOM))).append("\">");
        }
        h.append("<style>body{font:15px/1.45 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append("h1{font-size:1.6rem}section{border-top:1px solid #ddd;padding:.6rem 0}h2{font-size:1.15rem;margin:.3rem 0}")
                .append(".meta,.id{color:#666;font-size:.9em}ul{padding-left:1.2rem;margin:.3rem 0}nav a{margin-right:.8rem}")
                .append("time{color:#666;font-size:.85em;margin-left:.4rem}</style></head><body>")
                .append("<h1>Herald</h1><p>Public publish-subscribe nodes of this service. Follow them as feeds, ")
                .append("as Server-Sent Events, over WebSub, or with any XMPP client.</p>");
        if (prefix != null) {
            h.append("<p class=\"meta\">Nodes whose id starts with <code>").append(esc(prefix))
                    .append("</code> (<a href=\"/\">all nodes</a>)</p>");
        }
        if (nodes.isEmpty()) h.append("<p id=\"no-nodes\">No public nodes yet.</p>");
        for (StatusNode n : nodes) node(h, n);
        if (more) h.append("<p class=\"meta\">More nodes are not shown here; XMPP service discovery lists them all.</p>");
        h.append("<footer class=\"meta\"><a href=\"/q/swagger-ui\">HTTP API</a></footer></body></html>\n");
        return h.toString();
    }

    private static void node(StringBuilder h, StatusNode n) {
        h.append("<section class=\"node\" id=\"node-").append(esc(PathSegments.encode(n.id()))).append("\">")
                .append("<h2>").append(esc(n.title())).append("</h2>")
                .append("<div class=\"id\">").append(esc(n.id())).append(n.collection() ? " (collection)" : "").append("</div>");
        if (n.description() != null) h.append("<p>").append(esc(n.description())).append("</p>");
        h.append("<div class=\"meta\">").append(n.subscribers()).append(n.subscribers() == 1 ? " subscriber" : " subscribers")
                .append("</div>");
        if (!n.collection()) {
            if (n.items().isEmpty()) {
                h.append("<p class=\"meta\">No items.</p>");
            } else {
                h.append("<ul class=\"items\">");
                for (StatusNode.Item i : n.items()) {
                    h.append("<li><span class=\"title\">").append(esc(i.title())).append("</span>");
                    if (!i.title().equals(i.id())) h.append(" <span class=\"id\">").append(esc(i.id())).append("</span>");
                    h.append("<time datetime=\"").append(i.published()).append("\">").append(i.published()).append("</time></li>");
                }
                h.append("</ul>");
            }
            h.append("<nav>");
            for (FeedFormat f : FeedFormat.values()) {
                h.append("<a href=\"").append(esc(feed(n.id(), f))).append("\">").append(switch (f) {
                    case ATOM -> "Atom";
                    case RSS -> "RSS";
                    case JSON -> "JSON Feed";
                }).append("</a>");
            }
            h.append("<a href=\"").append(esc("/api/v1/nodes/" + PathSegments.encode(n.id()) + "/events"))
                    .append("\">Live (SSE)</a>");
            if (n.hasPositions()) {
                h.append("<a href=\"").append(esc("/dashboard?node=" + URLEncoder.encode(n.id(), StandardCharsets.UTF_8)))
                        .append("\">Map</a>");
            }
            h.append("</nav>");
        }
        h.append("</section>");
    }

    /** Relative links: the page works under whatever address it was reached by. */
    private static String feed(String node, FeedFormat f) {
        return "/feeds/" + PathSegments.encode(node) + "." + f.extension();
    }

    private static String esc(String s) {
        return XmlText.html(s);
    }
}
