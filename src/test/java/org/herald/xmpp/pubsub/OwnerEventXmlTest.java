package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.xmpp.pubsub.EventXmlTest.CONFIG;
import static org.herald.xmpp.pubsub.EventXmlTest.FORM;
import static org.herald.xmpp.pubsub.EventXmlTest.TO;
import static org.herald.xmpp.pubsub.EventXmlTest.example;
import static org.herald.xmpp.pubsub.EventXmlTest.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.herald.service.event.AffiliationChanged;
import org.herald.service.event.AuthorizationRequested;
import org.herald.service.event.SubscriptionChanged;
import org.herald.testsupport.TestXml;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.Test;

/** The owner-area notifications against XEP-0060's examples, and the §8.6 answer form as Herald reads it. */
class OwnerEventXmlTest {
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit");

    static XmlElement render(org.herald.service.event.PubSubEvent e) {
        return EventXmlTest.compact(TestXml.parse(EventXml.render(e, FORM).toXml()));
    }

    @Test
    void subscriptionChange_13_14() {
        XmlElement rendered = render(new SubscriptionChanged(node(CONFIG), HORATIO, "123-abc", SubscriptionState.SUBSCRIBED, TO));
        assertThat(rendered).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <subscription node='princely_musings' jid='horatio@denmark.lit' subscription='subscribed' subid='123-abc'/>
                </event>"""));
    }

    @Test
    void affiliationChange_8_9_4() {
        XmlElement rendered = render(new AffiliationChanged(node(CONFIG), HORATIO, Affiliation.NONE, TO));
        // the spec's example misspells <affiliation/> as <affilation/>; the schema has <affiliation/>
        assertThat(rendered).isEqualTo(example("""
                <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                  <affiliations node='princely_musings'>
                    <affiliation jid='horatio@denmark.lit' affiliation='none'/>
                  </affiliations>
                </pubsub>"""));
    }

    @Test
    void approvalRequestForm_8_6() {
        Subscription pending = new Subscription("princely_musings", HORATIO, "123-abc", SubscriptionState.PENDING, Instant.EPOCH);
        XmlElement x = render(new AuthorizationRequested(node(CONFIG), pending, TO));
        DataForm form = DataForm.parse(x);
        assertThat(form.type()).isEqualTo("form");
        assertThat(form.formType()).isEqualTo(AuthorizationForm.FORM_TYPE);
        assertThat(form.values()).containsExactly(
                Map.entry("pubsub#subid", List.of("123-abc")),
                Map.entry("pubsub#node", List.of("princely_musings")),
                Map.entry("pubsub#subscriber_jid", List.of("horatio@denmark.lit")),
                Map.entry("pubsub#allow", List.of("false")));
        assertThat(x.children("field", "jabber:x:data")).extracting(f -> f.attr("var") + ":" + f.attr("type"))
                .containsExactly("FORM_TYPE:hidden", "pubsub#subid:hidden", "pubsub#node:text-single",
                        "pubsub#subscriber_jid:jid-single", "pubsub#allow:boolean");
    }

    @Test
    void answerIsReadAsTheSpecShowsIt_8_6() {
        DataForm answer = DataForm.parse(TestXml.parse("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#subscribe_authorization</value></field>
                  <field var='pubsub#subid'><value>123-abc</value></field>
                  <field var='pubsub#node'><value>princely_musings</value></field>
                  <field var='pubsub#subscriber_jid'><value>horatio@denmark.lit</value></field>
                  <field var='pubsub#allow'><value>true</value></field>
                </x>"""));
        assertThat(AuthorizationForm.decision(answer))
                .isEqualTo(new AuthorizationForm.Decision("princely_musings", HORATIO, "123-abc", true));
    }

    @Test
    void answerWithABadAllowValueNamesTheField() {
        DataForm answer = DataForm.parse(TestXml.parse("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='pubsub#node'><value>n</value></field>
                  <field var='pubsub#subscriber_jid'><value>horatio@denmark.lit</value></field>
                  <field var='pubsub#allow'><value>perhaps</value></field>
                </x>"""));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> AuthorizationForm.decision(answer));
        assertThat(t).isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("pubsub#allow"));
    }
}
