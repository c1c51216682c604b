package org.herald.http.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.herald.http.json.PayloadKind;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemDraft;
import org.herald.xmpp.stanza.XmlElement;

/**
 * A JSON body as an item payload: an XEP-0335 container {@code <json xmlns='urn:xmpp:json:0'>…</json>} holding the
 * JSON text (XEP-0335 §2), re-serialised compactly and XML-escaped so it travels inside XMPP notifications as is.
 */
final class JsonPayloads {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // one JSON value, nothing after it

    private JsonPayloads() {
    }

    static ItemDraft draft(String id, String body) {
        String text;
        try {
            JsonNode value = JSON.readTree(body);
            if (value == null || value.isMissingNode()) throw HttpProblem.malformed("the body holds no JSON value");
            checkFinite(value);
            text = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw HttpProblem.malformed("the body is not valid JSON: " + why);
        }
        checkXmlChars(text);
        String xml = XmlElement.builder("json", PayloadKind.JSON_NS).text(text).build().toXml();
        return new ItemDraft(id, xml, PayloadKind.JSON_NS);
    }

    /**
     * A number beyond the range of a double (1e400) reads as Infinity, which would be written back as the bare word
     * Infinity: not JSON, so the stored item would no longer read as JSON (found by JsonModelsFuzzTest).
     */
    private static void checkFinite(JsonNode value) {
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            throw HttpProblem.malformed("the JSON holds a number too large for a double (" + value.asText() + ")");
        }
        for (JsonNode child : value) checkFinite(child);
    }

    /**
     * JSON strings may hold characters XML 1.0 cannot carry (§2.2: U+FFFE, U+FFFF, lone surrogates); Jackson
     * already writes control characters as \\u escapes. Such a payload could never be delivered over XMPP.
     */
    private static void checkXmlChars(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                throw HttpProblem.malformed("the JSON holds a character XML cannot carry (U+"
                        + Integer.toHexString(c).toUpperCase() + ")");
            }
        }
    }
}
