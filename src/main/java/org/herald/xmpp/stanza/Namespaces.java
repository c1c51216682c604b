package org.herald.xmpp.stanza;

/** XML namespaces Herald speaks. */
public final class Namespaces {
    private Namespaces() {
    }

    public static final String COMPONENT_ACCEPT = "jabber:component:accept";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String PING = "urn:xmpp:ping";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String DATA_FORMS = "jabber:x:data";
    public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    public static final String PUBSUB_OWNER = "http://jabber.org/protocol/pubsub#owner";
    public static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
    public static final String PUBSUB_ERRORS = "http://jabber.org/protocol/pubsub#errors";
    public static final String SHIM = "http://jabber.org/protocol/shim";
    public static final String RSM = "http://jabber.org/protocol/rsm";
    public static final String MAM = "urn:xmpp:mam:2";
    public static final String FORWARD = "urn:xmpp:forward:0";
    public static final String DELAY = "urn:xmpp:delay";
    public static final String CLIENT = "jabber:client";
    public static final String COMMANDS = "http://jabber.org/protocol/commands";
}
