package org.herald.http.feed;

import org.jdom2.Element;
import org.jdom2.Namespace;

/** Elements Rome's core model has no field for, added as foreign markup (Rome writes them as they are). */
final class ForeignMarkup {
    static final Namespace ATOM = Namespace.getNamespace("atom", "http://www.w3.org/2005/Atom");
    static final Namespace GEORSS = Namespace.getNamespace("georss", GeoPoint.GEORSS_NS);

    private ForeignMarkup() {
    }

    /** GeoRSS-Simple: {@code <georss:point>lat lon</georss:point>}. */
    static Element point(GeoPoint p) {
        return new Element("point", GEORSS).setText(p.georss());
    }

    /** An atom:link inside an RSS channel, as W3C WebSub §4 and RSS best practice use for rel=self and rel=hub. */
    static Element atomLink(String rel, String href, String type) {
        Element link = new Element("link", ATOM).setAttribute("rel", rel).setAttribute("href", href);
        if (type != null) link.setAttribute("type", type);
        return link;
    }
}
