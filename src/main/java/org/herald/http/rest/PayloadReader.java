package org.herald.http.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemDraft;
import org.herald.service.ServiceSettings;

/**
 * Turns a publish request's body into an item draft by its Content-Type: application/json becomes an XEP-0335
 * JSON container, application/atom+xml must be an Atom entry, application/xml and text/xml any one namespaced
 * element. Text is read in the charset the Content-Type names (UTF-8 by default). The core then applies the node's own rules (pubsub#max_payload_size → 413,
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
        String media = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        return switch (media) {
            case MediaType.APPLICATION_JSON -> JsonPayloads.draft(id, text(body, type));
            case MediaType.APPLICATION_ATOM_XML -> XmlPayloads.atomEntry(id, text(body, type), config.maxXmlDepth());
            case MediaType.APPLICATION_XML, MediaType.TEXT_XML -> XmlPayloads.draft(id, text(body, type), config.maxXmlDepth());
            default -> throw unsupported("payloads are application/json, application/atom+xml, application/xml or "
                    + "text/xml, not " + media);
        };
    }

    /**
     * The body as text in the charset its Content-Type names (RFC 7303 §3: the charset parameter wins over an XML
     * declaration), UTF-8 when it names none; bytes that are not in that charset are refused.
     */
    private static String text(byte[] body, MediaType type) {
        String name = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        Charset charset;
        try {
            charset = name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw unsupported("unknown charset " + name);
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.malformed("the body is not " + charset.name() + " text");
        }
    }

    private static HttpProblem unsupported(String detail) {
        return new HttpProblem(415, "not-acceptable", "Content-Type", detail);
    }
}
