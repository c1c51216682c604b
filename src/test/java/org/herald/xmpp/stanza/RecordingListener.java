package org.herald.xmpp.stanza;

import java.util.ArrayList;
import java.util.List;

/** Remembers everything a parser reported, in order. */
final class RecordingListener implements StreamListener {
    StreamHeader header;
    final List<XmlElement> stanzas = new ArrayList<>();
    boolean closed;
    String errorCondition;
    final List<XmlElement> tooDeep = new ArrayList<>();

    @Override
    public void streamOpened(StreamHeader header) {
        this.header = header;
    }

    @Override
    public void stanza(XmlElement stanza) {
        stanzas.add(stanza);
    }

    @Override
    public void streamClosed() {
        closed = true;
    }

    @Override
    public void stanzaTooDeep(XmlElement outermost, String detail) {
        tooDeep.add(outermost);
    }

    @Override
    public void streamError(String condition, String detail) {
        errorCondition = condition;
    }
}
