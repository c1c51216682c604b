package org.herald.feeds.parse;

import java.net.URI;
import org.jdom2.Element;
import org.jdom2.Namespace;

/** Relative references resolved against xml:base and the document URL (RFC 3986 §5; XML Base §4). */
final class Links {
    private Links() {
    }

    /** The base in effect for {@code e}: its xml:base (itself relative to {@code outer}), else {@code outer}. */
    static URI baseOf(URI outer, Element e) {
        if (e == null) {
            return outer;
        }
        String xb = e.getAttributeValue("base", Namespace.XML_NAMESPACE);
        if (xb == null || xb.isBlank()) {
            return outer;
        }
        try {
            URI u = new URI(xb.strip());
            return outer == null ? u : outer.resolve(u);
        } catch (Exception ex) {
            return outer;
        }
    }

    /** {@code ref} resolved against {@code base}; the trimmed reference as is when either is unusable. */
    static String resolve(URI base, String ref) {
        if (ref == null || ref.isBlank()) {
            return null;
        }
        String r = ref.strip();
        if (base == null) {
            return r;
        }
        try {
            return base.resolve(new URI(r)).toString();
        } catch (Exception e) {
            return r;
        }
    }

    /** Like {@link #resolve} but only an absolute URI is useful to callers (hub, self). */
    static URI uri(URI base, String ref) {
        String s = resolve(base, ref);
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            return u.isAbsolute() ? u : null;
        } catch (Exception e) {
            return null;
        }
    }
}
