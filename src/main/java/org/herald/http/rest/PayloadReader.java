package org.herald.http.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemDraft;
import org.herald.service.ServiceSettings;

/**
 * Turns a publish request's body into an item draft by its Content-Type: application/json becomes an XEP-0335
 * JSON container, application/atom+xml must be an Atom entry, application/xml and text/xml any one namespaced
 * element. Bodies are UTF-8. The core then applies the node's own rules (pubsub#max_payload_size → 413,
 * pubsub#type → 422).
 */
@ApplicationScoped
public class PayloadReader {
    private final ServiceSettings settings;
    private final RestConfig config;

    PayloadReader(ServiceSettings settings, RestConfig config) {
        this.settings = settings;
        this.config = config;
    }

    /** The draft for {@code body}, or null when the body is empty (an item without payload). */
    public ItemDraft read(String id, byte[] body, MediaType type) {
        if (body == null || body.length == 0) return null;
        // No node accepts more than the service's ceiling (herald.pubsub.max-payload-size): refuse before parsing.
        int ceiling = settings.limits().maxPayloadSize();
        if (body.length > ceiling) {
            throw PubSubException.of(PubSubError.PAYLOAD_TOO_BIG,
                    "the body is " + body.length + " bytes; no node here accepts more than " + ceiling); // §7.1.3.5
        }
        if (type == null) throw unsupported("a Content-Type is required");
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("us-ascii")) {
            throw unsupported("bodies are UTF-8, not " + charset);
        }
        String media = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        return switch (media) {
            case MediaType.APPLICATION_JSON -> JsonPayloads.draft(id, body);
            case MediaType.APPLICATION_ATOM_XML -> XmlPayloads.atomEntry(id, body, config.maxXmlDepth());
            case MediaType.APPLICATION_XML, MediaType.TEXT_XML -> XmlPayloads.draft(id, body, config.maxXmlDepth());
            default -> throw unsupported("payloads are application/json, application/atom+xml, application/xml or "
                    + "text/xml, not " + media);
        };
    }

    private static HttpProblem unsupported(String detail) {
        return new HttpProblem(415, "not-acceptable", "Content-Type", detail);
    }
}
