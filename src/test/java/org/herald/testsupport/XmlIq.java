package org.herald.testsupport;

import org.jivesoftware.smack.packet.IQ;
import org.jxmpp.jid.Jid;

/** A Smack IQ whose payload element carries literal inner XML, so tests send exactly the stanza the XEP shows. */
public final class XmlIq extends IQ {
    private final String inner;

    public XmlIq(Type type, Jid to, String element, String namespace, String inner) {
        super(element, namespace);
        setType(type);
        setTo(to);
        this.inner = inner;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        if (inner.isEmpty()) {
            xml.setEmptyElement();
        } else {
            xml.rightAngleBracket();
            xml.append(inner);
        }
        return xml;
    }
}
