package org.herald.geo;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.GeolocFields;
import org.herald.service.port.GeoPayloads;
import org.herald.xmpp.stanza.StreamParser;
import org.herald.xmpp.stanza.XmlElement;

/**
 * The {@link GeoPayloads} port over Herald's restricted XML parser: finds an XEP-0080 {@code <geoloc/>} as the item
 * payload itself or as a direct child of an Atom entry (RFC 4287 allows foreign elements there), and reads its
 * child elements' texts. Children in other namespaces are extensions (XEP-0080 §7) and are left out; judging the
 * values is the core's job.
 */
@ApplicationScoped
@io.quarkus.arc.DefaultBean // INTEGRATION (geo-query branch only): geo-core's GeolocXml implements the same port; one must go
public class XmlGeoPayloads implements GeoPayloads {

    static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    @Override
    public Optional<GeolocFields> read(String payloadXml) {
        // most payloads are not about places: a string search spares them a parse
        if (payloadXml == null || !payloadXml.contains(GeoNames.GEOLOC_NS)) return Optional.empty();
        XmlElement root;
        try {
            root = StreamParser.parseFragment(payloadXml);
        } catch (RuntimeException e) {
            return Optional.empty(); // stored payloads were parsed once already; never throw on any payload
        }
        XmlElement geoloc = root.is("geoloc", GeoNames.GEOLOC_NS) ? root
                : root.is("entry", ATOM_NS) ? root.child("geoloc", GeoNames.GEOLOC_NS) : null;
        return Optional.ofNullable(geoloc).map(XmlGeoPayloads::fields);
    }

    static GeolocFields fields(XmlElement geoloc) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        for (XmlElement child : geoloc.children()) {
            if (!GeoNames.GEOLOC_NS.equals(child.namespace())) continue;
            String name = child.name();
            if (values.containsKey(name)) {
                if (!repeated.contains(name)) repeated.add(name);
                continue;
            }
            if (!child.children().isEmpty() && !nested.contains(name)) nested.add(name);
            values.put(name, child.text().trim());
        }
        return new GeolocFields(values, repeated, nested);
    }
}
