package org.herald.xmpp.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.testsupport.TestXml;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.Test;

/** Reading the data forms of XEP-0060's examples, and refusing malformed ones (XEP-0004 §3). */
class DataFormParseTest {

    private static final String NODE_CONFIG = "http://jabber.org/protocol/pubsub#node_config";

    /** The form of XEP-0060 §8.2.4, example "Owner submits node configuration form". */
    static final String OWNER_SUBMITS_CONFIG = """
            <iq type='set' from='hamlet@denmark.lit/elsinore' to='pubsub.shakespeare.lit' id='config2'>
              <pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>
                <configure node='princely_musings'>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#node_config</value>
                    </field>
                    <field var='pubsub#title'><value>Princely Musings (Atom)</value></field>
                    <field var='pubsub#deliver_notifications'><value>1</value></field>
                    <field var='pubsub#deliver_payloads'><value>1</value></field>
                    <field var='pubsub#persist_items'><value>1</value></field>
                    <field var='pubsub#max_items'><value>10</value></field>
                    <field var='pubsub#item_expire'><value>604800</value></field>
                    <field var='pubsub#access_model'><value>roster</value></field>
                    <field var='pubsub#roster_groups_allowed'>
                      <value>friends</value>
                      <value>servants</value>
                      <value>courtiers</value>
                    </field>
                    <field var='pubsub#publish_model'><value>publishers</value></field>
                    <field var='pubsub#purge_offline'><value>0</value></field>
                    <field var='pubsub#send_last_published_item'><value>never</value></field>
                    <field var='pubsub#presence_based_delivery'><value>false</value></field>
                    <field var='pubsub#notification_type'><value>headline</value></field>
                    <field var='pubsub#notify_config'><value>0</value></field>
                    <field var='pubsub#notify_delete'><value>0</value></field>
                    <field var='pubsub#notify_retract'><value>0</value></field>
                    <field var='pubsub#notify_sub'><value>0</value></field>
                    <field var='pubsub#max_payload_size'><value>1028</value></field>
                    <field var='pubsub#type'><value>urn:example:e2ee:bundle</value></field>
                    <field var='pubsub#body_xslt'>
                      <value>http://jabxslt.jabberstudio.org/atom_body.xslt</value>
                    </field>
                  </x>
                </configure>
              </pubsub>
            </iq>""";

    /** The form of XEP-0060 §8.1.3, example "Entity requests a new node with non-default configuration". */
    static final String CREATE_AND_CONFIGURE = """
            <iq type='set' from='hamlet@denmark.lit/elsinore' to='pubsub.shakespeare.lit' id='create1'>
              <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                <create node='princely_musings'/>
                <configure>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#node_config</value>
                    </field>
                    <field var='pubsub#title'><value>Princely Musings (Atom)</value></field>
                    <field var='pubsub#deliver_notifications'><value>1</value></field>
                    <field var='pubsub#deliver_payloads'><value>1</value></field>
                    <field var='pubsub#persist_items'><value>1</value></field>
                    <field var='pubsub#max_items'><value>10</value></field>
                    <field var='pubsub#item_expire'><value>604800</value></field>
                    <field var='pubsub#access_model'><value>open</value></field>
                    <field var='pubsub#publish_model'><value>publishers</value></field>
                    <field var='pubsub#purge_offline'><value>0</value></field>
                    <field var='pubsub#send_last_published_item'><value>never</value></field>
                    <field var='pubsub#presence_based_delivery'><value>false</value></field>
                    <field var='pubsub#notification_type'><value>headline</value></field>
                    <field var='pubsub#notify_config'><value>0</value></field>
                    <field var='pubsub#notify_delete'><value>0</value></field>
                    <field var='pubsub#notify_retract'><value>0</value></field>
                    <field var='pubsub#notify_sub'><value>0</value></field>
                    <field var='pubsub#max_payload_size'><value>1028</value></field>
                    <field var='pubsub#type'><value>urn:example:e2ee:bundle</value></field>
                    <field var='pubsub#body_xslt'>
                      <value>http://jabxslt.jabberstudio.org/atom_body.xslt</value>
                    </field>
                  </x>
                </configure>
              </pubsub>
            </iq>""";

    /** XEP-0060 §7.1.5, example "Publishing with options" (the Atom payload shortened). */
    static final String PUBLISH_WITH_OPTIONS = """
            <iq type='set' from='hamlet@denmark.lit/blogbot' to='pubsub.shakespeare.lit' id='pub1'>
              <pubsub xmlns='http://jabber.org/protocol/pubsub'>
                <publish node='princely_musings'>
                  <item id='ae890ac52d0df67ed7cfdf51b644e901'>
                    <entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>
                  </item>
                </publish>
                <publish-options>
                  <x xmlns='jabber:x:data' type='submit'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#publish-options</value>
                    </field>
                    <field var='pubsub#access_model'>
                      <value>presence</value>
                    </field>
                  </x>
                </publish-options>
              </pubsub>
            </iq>""";

    /** Finds the jabber:x:data form anywhere under a stanza. */
    static XmlElement formIn(String stanza) {
        XmlElement found = find(TestXml.parse(stanza));
        assertThat(found).as("a jabber:x:data form in the example").isNotNull();
        return found;
    }

    private static XmlElement find(XmlElement e) {
        if (e.is("x", Namespaces.DATA_FORMS)) return e;
        for (XmlElement c : e.children()) {
            XmlElement f = find(c);
            if (f != null) return f;
        }
        return null;
    }

    private static DataForm parse(String x) {
        return DataForm.parse(TestXml.parse(x));
    }

    private static PubSubException refusal(String x) {
        try {
            parse(x);
        } catch (PubSubException e) {
            return e;
        }
        throw new AssertionError("expected the form to be refused");
    }

    @Test
    void ownerSubmittedConfigurationReadsEveryFieldInOrder() {
        DataForm form = DataForm.parse(formIn(OWNER_SUBMITS_CONFIG));

        assertThat(form.type()).isEqualTo("submit");
        assertThat(form.formType()).isEqualTo(NODE_CONFIG);
        assertThat(form.values().keySet()).containsExactly(
                "pubsub#title", "pubsub#deliver_notifications", "pubsub#deliver_payloads", "pubsub#persist_items",
                "pubsub#max_items", "pubsub#item_expire", "pubsub#access_model", "pubsub#roster_groups_allowed",
                "pubsub#publish_model", "pubsub#purge_offline", "pubsub#send_last_published_item",
                "pubsub#presence_based_delivery", "pubsub#notification_type", "pubsub#notify_config",
                "pubsub#notify_delete", "pubsub#notify_retract", "pubsub#notify_sub", "pubsub#max_payload_size",
                "pubsub#type", "pubsub#body_xslt");
        assertThat(form.values().get("pubsub#title")).containsExactly("Princely Musings (Atom)");
        assertThat(form.values().get("pubsub#max_items")).containsExactly("10");
        assertThat(form.values().get("pubsub#access_model")).containsExactly("roster");
        assertThat(form.values().get("pubsub#roster_groups_allowed")).containsExactly("friends", "servants", "courtiers");
        assertThat(form.values().get("pubsub#presence_based_delivery")).containsExactly("false");
        assertThat(form.values().get("pubsub#type")).containsExactly("urn:example:e2ee:bundle");
        // The example is pretty-printed inside <value>; a value's text is kept as sent.
        assertThat(form.values().get("pubsub#body_xslt")).singleElement()
                .extracting(String::strip).isEqualTo("http://jabxslt.jabberstudio.org/atom_body.xslt");
        assertThat(form.isCancel()).isFalse();
    }

    @Test
    void createAndConfigureFormReadsTheRequestedConfiguration() {
        DataForm form = DataForm.parse(formIn(CREATE_AND_CONFIGURE));

        assertThat(form.type()).isEqualTo("submit");
        assertThat(form.requireFormType(NODE_CONFIG)).isSameAs(form);
        assertThat(form.values()).hasSize(19)
                .containsEntry("pubsub#access_model", List.of("open"))
                .containsEntry("pubsub#publish_model", List.of("publishers"))
                .containsEntry("pubsub#send_last_published_item", List.of("never"))
                .containsEntry("pubsub#notification_type", List.of("headline"))
                .containsEntry("pubsub#max_payload_size", List.of("1028"))
                .containsEntry("pubsub#notify_sub", List.of("0"))
                .doesNotContainKey("FORM_TYPE");
    }

    @Test
    void publishOptionsFormCarriesItsPreconditions() {
        DataForm form = DataForm.parse(formIn(PUBLISH_WITH_OPTIONS));

        assertThat(form.formType()).isEqualTo("http://jabber.org/protocol/pubsub#publish-options");
        assertThat(form.values()).containsExactly(Map.entry("pubsub#access_model", List.of("presence")));
    }

    @Test
    void ownerCancellingConfigurationIsACancelForm() {
        // XEP-0060 §8.2.4, example "Owner cancels configuration process"
        DataForm form = parse("<x xmlns='jabber:x:data' type='cancel'/>");

        assertThat(form.isCancel()).isTrue();
        assertThat(form.formType()).isNull();
        assertThat(form.values()).isEmpty();
    }

    @Test
    void fieldWithoutValueMeansEmptyAndFixedFieldsAreNotData() {
        DataForm form = parse("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field type='fixed'><value>Section header</value></field>
                  <field var='pubsub#title'/>
                  <field var='pubsub#description'><value/></field>
                </x>""");

        assertThat(form.values()).containsExactly(
                Map.entry("pubsub#title", List.of()),
                Map.entry("pubsub#description", List.of("")));
    }

    @Test
    void parsedValuesCannotBeChanged() {
        DataForm form = DataForm.parse(formIn(PUBLISH_WITH_OPTIONS));

        assertThatThrownBy(() -> form.values().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> form.values().get("pubsub#access_model").add("open"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fieldWithoutVarIsRefusedByPosition() {
        PubSubException e = refusal("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='pubsub#title'><value>t</value></field>
                  <field type='text-single'><value>orphan</value></field>
                </x>""");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("field #2");
        assertThat(e.text()).contains("field #2").contains("no var");
    }

    @Test
    void duplicatedVarIsRefusedNamingIt() {
        PubSubException e = refusal("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='pubsub#max_items'><value>10</value></field>
                  <field var='pubsub#max_items'><value>20</value></field>
                </x>""");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("pubsub#max_items");
        assertThat(e.text()).contains("more than once");
    }

    @Test
    void duplicatedFormTypeIsRefused() {
        PubSubException e = refusal("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='FORM_TYPE' type='hidden'><value>urn:a</value></field>
                  <field var='FORM_TYPE' type='hidden'><value>urn:b</value></field>
                </x>""");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("FORM_TYPE");
    }

    @Test
    void formTypeWithTwoValuesIsRefused() {
        PubSubException e = refusal("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='FORM_TYPE' type='hidden'><value>urn:a</value><value>urn:b</value></field>
                </x>""");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("FORM_TYPE");
    }

    @Test
    void unknownFormTypeIsRefusedNamingType() {
        PubSubException e = refusal("<x xmlns='jabber:x:data' type='submitted'/>");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("type");
        assertThat(e.text()).contains("'submitted'");
    }

    @Test
    void missingFormTypeAttributeIsRefused() {
        PubSubException e = refusal("<x xmlns='jabber:x:data'/>");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("type");
    }

    @Test
    void elementOutsideTheDataFormsNamespaceIsRefused() {
        PubSubException e = refusal("<x xmlns='jabber:x:oob' type='submit'/>");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.text()).contains("jabber:x:data");
    }

    @Test
    void tooManyFieldsIsRefusedNamingTheFirstFieldOverTheLimit() {
        StringBuilder x = new StringBuilder("<x xmlns='jabber:x:data' type='submit'>");
        for (int i = 1; i <= DataFormReader.MAX_FIELDS + 1; i++) {
            x.append("<field var='f").append(i).append("'><value>v</value></field>");
        }
        PubSubException e = refusal(x.append("</x>").toString());

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("f" + (DataFormReader.MAX_FIELDS + 1));
        assertThat(e.text()).contains("too many fields");
    }

    @Test
    void formAtTheFieldLimitIsAccepted() {
        StringBuilder x = new StringBuilder("<x xmlns='jabber:x:data' type='submit'>");
        for (int i = 1; i <= DataFormReader.MAX_FIELDS; i++) x.append("<field var='f").append(i).append("'/>");

        assertThat(parse(x.append("</x>").toString()).values()).hasSize(DataFormReader.MAX_FIELDS);
    }

    @Test
    void tooManyValuesIsRefusedNamingTheField() {
        StringBuilder x = new StringBuilder("<x xmlns='jabber:x:data' type='submit'><field var='pubsub#contact'>");
        for (int i = 0; i <= DataFormReader.MAX_VALUES; i++) x.append("<value>a").append(i).append("@denmark.lit</value>");
        PubSubException e = refusal(x.append("</field></x>").toString());

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("pubsub#contact");
        assertThat(e.text()).contains("too many values");
    }

    @Test
    void tooMuchTextIsRefusedNamingTheFieldThatCrossesTheLimit() {
        String half = "a".repeat(DataFormReader.MAX_TEXT_CHARS / 2);
        PubSubException e = refusal("<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#title'><value>" + half + "</value></field>"
                + "<field var='pubsub#description'><value>" + half + "!</value></field></x>");

        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("pubsub#description");
    }

    @Test
    void wrongFormTypeIsRefusedWhenAFormTypeIsRequired() {
        DataForm form = DataForm.parse(formIn(PUBLISH_WITH_OPTIONS));

        assertThatThrownBy(() -> form.requireFormType(NODE_CONFIG))
                .isInstanceOfSatisfying(PubSubException.class, e -> {
                    assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
                    assertThat(e.field()).isEqualTo("FORM_TYPE");
                    assertThat(e.text()).contains(NODE_CONFIG);
                });
    }
}
