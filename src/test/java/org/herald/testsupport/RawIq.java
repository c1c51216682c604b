package org.herald.testsupport;

import java.util.Map;
import org.jivesoftware.smack.packet.IQ;
import org.jxmpp.jid.Jid;

/** A Smack IQ with one empty payload element of any name and namespace, for probing a server. */
public final class RawIq extends IQ {
    private final Map<String, String> attributes;

    public RawIq(Type type, Jid to, String element, String namespace, Map<String, String> attributes) {
        super(element, namespace);
        setType(type);
        setTo(to);
        this.attributes = attributes;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        attributes.forEach(xml::attribute);
        xml.setEmptyElement();
        return xml;
    }
}
