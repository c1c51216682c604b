package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.testsupport.TestXml;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The error stanzas a client receives, compared with XEP-0060's own examples. */
class XmppErrorsTest {

    /** An error stanza as a XEP-0060 example shows it, read as arriving on a component stream. */
    private static XmlElement exampleError(String iq) {
        return TestXml.parseIn(Namespaces.COMPONENT_ACCEPT, iq).child("error", Namespaces.COMPONENT_ACCEPT);
    }

    private static XmlElement withoutText(XmlElement error) {
        XmlElement.Builder b = XmlElement.builder(error.name(), error.namespace());
        error.attributes().forEach(b::attr);
        for (XmlNode n : error.content()) {
            if (n instanceof XmlElement e && e.is("text", Namespaces.STANZAS)) continue;
            b.child(n);
        }
        return b.build();
    }

    private static Arguments example(String section, PubSubException e, String iq) {
        return Arguments.of(section, e, iq);
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                example("6.1.3.1 JIDs do not match", PubSubException.of(PubSubError.INVALID_JID), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='sub1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <invalid-jid xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("6.1.3.4 not on whitelist", PubSubException.of(PubSubError.CLOSED_NODE), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='sub1'>
                          <error type='cancel'>
                            <not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <closed-node xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("6.1.3.8 blocked", PubSubException.of(PubSubError.FORBIDDEN), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='sub1'>
                          <error type='auth'>
                            <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                example("6.1.3.10 subscriptions not supported", PubSubException.unsupported("subscribe"), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='sub1'>
                          <error type='cancel'>
                            <feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <unsupported xmlns='http://jabber.org/protocol/pubsub#errors'
                                         feature='subscribe'/>
                          </error>
                        </iq>"""),
                example("6.1.3.12 node does not exist", PubSubException.of(PubSubError.ITEM_NOT_FOUND), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='sub1'>
                          <error type='cancel'>
                            <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                example("6.2.3.1 no subscription id", PubSubException.of(PubSubError.SUBID_REQUIRED), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='unsub1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <subid-required xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("6.2.3.2 no such subscriber", PubSubException.of(PubSubError.NOT_SUBSCRIBED), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='unsub1'>
                          <error type='cancel'>
                            <unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <not-subscribed xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("6.2.3.5 bad subscription id", PubSubException.of(PubSubError.INVALID_SUBID), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='unsub1'>
                          <error type='modify'>
                            <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <invalid-subid xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("6.3.4.3 subscriber JID required", PubSubException.of(PubSubError.JID_REQUIRED), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='options1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <jid-required xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("6.3.6.2 invalid options", PubSubException.badField(PubSubError.INVALID_OPTIONS,
                        "pubsub#deliver", "'maybe' is not a boolean"), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='options2'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <invalid-options xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("7.1.3.1 insufficient privileges", PubSubException.of(PubSubError.FORBIDDEN), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='publish1'>
                          <error type='auth'>
                            <forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                example("7.1.3.5 payload too big", PubSubException.of(PubSubError.PAYLOAD_TOO_BIG,
                        "the payload is 70000 bytes; this node accepts at most 65536"), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='publish1'>
                          <error type='modify'>
                            <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <payload-too-big xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("7.1.3.6 bad payload", PubSubException.of(PubSubError.INVALID_PAYLOAD), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='publish1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <invalid-payload xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("7.1.3.7 item required", PubSubException.of(PubSubError.ITEM_REQUIRED), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='publish1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <item-required xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("7.1.3.7 payload required", PubSubException.of(PubSubError.PAYLOAD_REQUIRED), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='publish1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <payload-required xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("7.1.3.7 item forbidden", PubSubException.of(PubSubError.ITEM_FORBIDDEN), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='publish1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <item-forbidden xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("7.2.3.3 nodeid required", PubSubException.of(PubSubError.NODEID_REQUIRED), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='retract1'>
                          <error type='modify'>
                            <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <nodeid-required xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("8.1.1 node id already exists", PubSubException.of(PubSubError.CONFLICT), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='create1'>
                          <error type='cancel'>
                            <conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                example("8.2.3.4 no configuration options", PubSubException.of(PubSubError.NOT_ALLOWED), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='config1'>
                          <error type='cancel'>
                            <not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                example("8.2.5.2 configuration change cannot be processed", PubSubException.badField(
                        PubSubError.NOT_ACCEPTABLE, "pubsub#item_expire", "Herald does not support this option"), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='config2'>
                          <error type='modify'>
                            <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                example("8.7.3.1 ad-hoc commands not supported", PubSubException.of(PubSubError.SERVICE_UNAVAILABLE), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='hamlet@denmark.lit/elsinore' id='pending1'>
                          <error type='cancel'>
                            <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                          </error>
                        </iq>"""),
                example("6.1.3.7 subscription pending", PubSubException.of(PubSubError.PENDING_SUBSCRIPTION), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='sub1'>
                          <error type='auth'>
                            <not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <pending-subscription xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("6.5.9.3 entity not subscribed", PubSubException.of(PubSubError.NOT_SUBSCRIBED_TO_READ), """
                        <iq type='error' from='pubsub.shakespeare.lit' to='francisco@denmark.lit/barracks' id='items1'>
                          <error type='auth'>
                            <not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <not-subscribed xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                // §7.1.5 and §13.11 give the conditions in prose only, without an example stanza.
                example("7.1.5 precondition not met", PubSubException.of(PubSubError.PRECONDITION_NOT_MET), """
                        <iq type='error' id='pub1'>
                          <error type='cancel'>
                            <conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <precondition-not-met xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""),
                example("13.11 batch exceeds max items", PubSubException.of(PubSubError.MAX_ITEMS_EXCEEDED), """
                        <iq type='error' id='pub1'>
                          <error type='cancel'>
                            <not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
                            <max-items-exceeded xmlns='http://jabber.org/protocol/pubsub#errors'/>
                          </error>
                        </iq>"""));
    }

    @ParameterizedTest(name = "§{0}")
    @MethodSource("examples")
    void errorMatchesTheSpecExample(String section, PubSubException e, String iq) {
        assertThat(withoutText(XmppErrors.errorElement(e))).isEqualTo(exampleError(iq));
    }

    @ParameterizedTest
    @EnumSource(PubSubError.class)
    void everyErrorHasAWireForm(PubSubError error) {
        XmppErrors.Wire wire = XmppErrors.wire(error);
        XmlElement element = XmppErrors.errorElement(PubSubException.of(error));

        assertThat(wire.type()).isIn("cancel", "modify", "auth", "wait");
        assertThat(element.attr("type")).isEqualTo(wire.type());
        XmlElement condition = element.firstChild();
        assertThat(condition.namespace()).isEqualTo(Namespaces.STANZAS);
        assertThat(condition.name()).isEqualTo(wire.condition()).isNotBlank();
        if (wire.appCondition() != null && error != PubSubError.FEATURE_NOT_IMPLEMENTED) {
            assertThat(element.child(wire.appCondition(), Namespaces.PUBSUB_ERRORS)).isNotNull();
        }
    }

    @Test
    void everyErrorIsInTheTable() {
        assertThat(PubSubError.values()).allSatisfy(error -> assertThat(XmppErrors.wire(error)).isNotNull());
    }

    @Test
    void fieldRefusalCarriesItsTextAfterTheCondition() {
        PubSubException e = PubSubException.badField(PubSubError.NOT_ACCEPTABLE, "pubsub#max_items", "5000 is outside 1..1000");

        XmlElement error = XmppErrors.errorElement(e);

        assertThat(error.children()).extracting(XmlElement::name).containsExactly("not-acceptable", "text");
        assertThat(error.childText("text", Namespaces.STANZAS)).isEqualTo("pubsub#max_items: 5000 is outside 1..1000");
    }

    @Test
    void textComesBeforeTheApplicationCondition() {
        PubSubException e = PubSubException.badField(PubSubError.INVALID_OPTIONS, "pubsub#deliver", "'maybe' is not a boolean");

        assertThat(XmppErrors.errorElement(e).children()).extracting(XmlElement::name)
                .containsExactly("bad-request", "text", "invalid-options");
    }

    @Test
    void bareRefusalHasNoText() {
        assertThat(XmppErrors.errorElement(PubSubException.of(PubSubError.ITEM_NOT_FOUND))
                .child("text", Namespaces.STANZAS)).isNull();
    }

    @Test
    void internalErrorTextIsNeverSent() {
        PubSubException e = PubSubException.of(PubSubError.INTERNAL_SERVER_ERROR, "connection to 10.0.0.5:5432 refused");

        XmlElement error = XmppErrors.errorElement(e);

        assertThat(error.child("text", Namespaces.STANZAS)).isNull();
        assertThat(error.toXml()).doesNotContain("10.0.0.5");
    }

    @Test
    void longTextIsShortened() {
        PubSubException e = PubSubException.badField(PubSubError.BAD_REQUEST, "x".repeat(5000), "has no var");

        String text = XmppErrors.errorElement(e).childText("text", Namespaces.STANZAS);

        assertThat(text).hasSizeLessThanOrEqualTo(XmppErrors.MAX_TEXT_CHARS).endsWith("…");
    }

    @Test
    void unsupportedWithoutAFeatureOmitsTheApplicationCondition() {
        XmlElement error = XmppErrors.errorElement(PubSubException.of(PubSubError.FEATURE_NOT_IMPLEMENTED));

        assertThat(error.children()).extracting(XmlElement::name).containsExactly("feature-not-implemented");
    }

    @Test
    void errorSerialisesInsideAComponentStanzaWithoutItsOwnNamespace() {
        XmlElement iq = XmlElement.builder("iq", Namespaces.COMPONENT_ACCEPT).attr("type", "error").attr("id", "sub1")
                .child(XmppErrors.errorElement(PubSubException.of(PubSubError.CLOSED_NODE))).build();

        assertThat(iq.toXml()).isEqualTo("<iq xmlns='jabber:component:accept' type='error' id='sub1'>"
                + "<error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<closed-node xmlns='http://jabber.org/protocol/pubsub#errors'/></error></iq>");
    }
}
