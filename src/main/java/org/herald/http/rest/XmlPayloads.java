package org.herald.http.rest;

import org.herald.http.json.PayloadKind;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemDraft;
import org.herald.xmpp.stanza.StreamErrorException;
import org.herald.xmpp.stanza.StreamParser;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlNode;

/**
 * An XML body as an item payload: one namespaced element (XEP-0060 §7.1.3.5 allows one payload element),
 * parsed by the same restricted parser as the XMPP stream. That parser refuses any DTD before the XML reader
 * sees it (so no entity is ever declared, let alone expanded: a "billion laughs" body fails at its first
 * {@code <!DOCTYPE}), refuses entity references other than the five predefined ones, comments and processing
 * instructions (RFC 6120 §11.1: the payload travels inside XMPP), never fetches anything, and stops at a
 * nesting depth. The element is stored re-serialised, declaring its own namespaces.
 */
final class XmlPayloads {
    private XmlPayloads() {
    }

    /** Any namespaced element. */
    static ItemDraft draft(String id, String body, int maxDepth) {
        XmlElement root = parse(body, maxDepth);
        return new ItemDraft(id, root.toXml(), root.namespace());
    }

    /** RFC 4287 §4.1.2: an Atom entry document. */
    static ItemDraft atomEntry(String id, String body, int maxDepth) {
        XmlElement root = parse(body, maxDepth);
        if (!root.is("entry", PayloadKind.ATOM_NS)) {
            throw HttpProblem.invalid("body", "an application/atom+xml payload is an Atom <entry> in "
                    + PayloadKind.ATOM_NS + ", not <" + root.name() + "> in '" + root.namespace() + "'");
        }
        return new ItemDraft(id, root.toXml(), root.namespace());
    }

    private static XmlElement parse(String body, int maxDepth) {
        XmlElement root;
        try {
            // The reader already refused bodies over the payload ceiling; the byte limit here only has to let them through.
            root = StreamParser.parseFragment(stripDeclaration(body), Integer.MAX_VALUE, maxDepth);
        } catch (StreamErrorException e) {
            throw HttpProblem.malformed("the body is not acceptable XML (" + e.condition() + "): " + e.getMessage());
        }
        // A payload element must say what it is (§7.1.3.6 matches pubsub#type against its namespace).
        if (root.namespace().isEmpty()) throw HttpProblem.invalid("body", "the payload element needs a namespace");
        checkAttributes(root);
        return root;
    }

    /**
     * Attributes in a namespace other than xml: are refused over HTTP, as docs/http-api.md says. (The tree now
     * writes them with a declared prefix, so XMPP keeps them; lifting this refusal is a separate decision.)
     */
    private static void checkAttributes(XmlElement e) {
        for (String name : e.attributes().keySet()) {
            // the parser names such an attribute {namespace}local (XmlElement): any name but "xml:..." with a colon
            if (name.startsWith("{") || (name.indexOf(':') >= 0 && !name.startsWith("xml:"))) {
                throw HttpProblem.invalid("body", "attribute " + name + ": only xml: attributes may carry a prefix");
            }
        }
        for (XmlNode n : e.content()) {
            if (n instanceof XmlElement child) checkAttributes(child);
        }
    }

    /**
     * The text is already decoded, and is handed to the parser as UTF-8: an XML declaration naming another
     * encoding would make the parser misread it, so a leading declaration is dropped (it carries nothing else).
     */
    private static String stripDeclaration(String body) {
        String s = body.startsWith("\uFEFF") ? body.substring(1) : body;
        if (!s.startsWith("<?xml ") && !s.startsWith("<?xml\t") && !s.startsWith("<?xml\r") && !s.startsWith("<?xml\n")) {
            return s; // no declaration (a processing instruction such as <?xml-stylesheet?> is left to the parser)
        }
        int end = s.indexOf("?>");
        return end < 0 ? s : s.substring(end + 2);
    }
}
