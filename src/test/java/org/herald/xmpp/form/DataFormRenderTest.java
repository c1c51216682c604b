package org.herald.xmpp.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.herald.domain.AccessModel;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.service.config.FieldSpec;
import org.herald.service.config.FieldType;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.config.ServiceLimits;
import org.herald.testsupport.TestXml;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.Test;

/** Writing data forms: what a client receives for XEP-0060 §8.2.2 and §8.2.5.3. */
class DataFormRenderTest {

    private static final NodeConfigForm CONFIG_FORM = new NodeConfigForm(new ServiceLimits(1000, 65536));

    private static final NodeConfig SAMPLE = new NodeConfig(NodeType.LEAF, "Princely Musings (Atom)", null,
            AccessModel.WHITELIST, PublishModel.PUBLISHERS, 10, true, true, true, false, true, false, false, false,
            true, 9216, SendLastPublishedItem.NEVER, NotificationType.HEADLINE, "urn:example:e2ee:bundle",
            List.of(), List.of(), null);

    /** Renders, serialises and reads back with an independent XML parser, as a client would. */
    private static XmlElement configurationForm() {
        XmlElement x = DataForm.render(DataForm.FORM, NodeConfigForm.FORM_TYPE, CONFIG_FORM.fields(),
                CONFIG_FORM.values(SAMPLE), "Configuration of princely_musings");
        return TestXml.parse(x.toXml());
    }

    private static List<XmlElement> fields(XmlElement x) {
        return x.children("field", Namespaces.DATA_FORMS);
    }

    @Test
    void formTypeIsTheFirstFieldAndHidden() {
        XmlElement x = configurationForm();

        assertThat(x.is("x", Namespaces.DATA_FORMS)).isTrue();
        assertThat(x.attr("type")).isEqualTo("form");
        assertThat(x.childText("title", Namespaces.DATA_FORMS)).isEqualTo("Configuration of princely_musings");
        XmlElement first = fields(x).get(0);
        assertThat(first.attributes()).containsEntry("var", "FORM_TYPE").containsEntry("type", "hidden");
        assertThat(first.childText("value", Namespaces.DATA_FORMS)).isEqualTo(NodeConfigForm.FORM_TYPE);
    }

    @Test
    void renderedConfigurationReadsBackToTheSameValues() {
        DataForm back = DataForm.parse(configurationForm());

        assertThat(back.type()).isEqualTo("form");
        assertThat(back.formType()).isEqualTo(NodeConfigForm.FORM_TYPE);
        assertThat(back.values()).containsExactlyEntriesOf(CONFIG_FORM.values(SAMPLE));
        assertThat(back.values()).containsEntry("pubsub#access_model", List.of("whitelist"))
                .containsEntry("pubsub#max_items", List.of("10"))
                .containsEntry("pubsub#notify_config", List.of("0"))
                .containsEntry("pubsub#description", List.of());
    }

    @Test
    void everyConfigurationFieldHasItsTypeLabelAndOptions() {
        List<XmlElement> rendered = fields(configurationForm()).subList(1, fields(configurationForm()).size());
        List<FieldSpec> specs = CONFIG_FORM.fields();

        assertThat(rendered).hasSameSizeAs(specs);
        for (int i = 0; i < specs.size(); i++) {
            FieldSpec spec = specs.get(i);
            XmlElement f = rendered.get(i);
            assertThat(f.attr("var")).isEqualTo(spec.var());
            assertThat(f.attr("type")).as(spec.var()).isEqualTo(spec.type().wire());
            assertThat(f.attr("label")).as(spec.var()).isEqualTo(spec.label());
            List<String> options = f.children("option", Namespaces.DATA_FORMS).stream()
                    .map(o -> o.childText("value", Namespaces.DATA_FORMS)).toList();
            boolean list = spec.type() == FieldType.LIST_SINGLE || spec.type() == FieldType.LIST_MULTI;
            assertThat(options).as(spec.var()).isEqualTo(list ? spec.options() : List.of());
        }
    }

    @Test
    void configurationFormOffersWhatAClientNeeds() {
        Map<String, XmlElement> byVar = new LinkedHashMap<>();
        for (XmlElement f : fields(configurationForm())) byVar.put(f.attr("var"), f);

        assertThat(byVar.get("pubsub#persist_items").attr("type")).isEqualTo("boolean");
        assertThat(byVar.get("pubsub#max_items").attr("type")).isEqualTo("text-single");
        assertThat(byVar.get("pubsub#access_model").attr("type")).isEqualTo("list-single");
        assertThat(byVar.get("pubsub#access_model").children("option", Namespaces.DATA_FORMS))
                .extracting(o -> o.childText("value", Namespaces.DATA_FORMS))
                .containsExactly("open", "presence", "roster", "authorize", "whitelist");
        assertThat(byVar.get("pubsub#publish_model").children("option", Namespaces.DATA_FORMS))
                .extracting(o -> o.childText("value", Namespaces.DATA_FORMS))
                .containsExactly("publishers", "subscribers", "open");
        assertThat(byVar.get("pubsub#notification_type").childText("value", Namespaces.DATA_FORMS)).isEqualTo("headline");
    }

    @Test
    void textIsEscapedAndSurvivesTheWire() {
        Map<String, List<String>> values = Map.of("pubsub#title", List.of("Tom & Jerry's <best> \"bits\""));
        XmlElement x = DataForm.render(DataForm.FORM, NodeConfigForm.FORM_TYPE,
                List.of(new FieldSpec("pubsub#title", FieldType.TEXT_SINGLE, "A <friendly> name", List.of())),
                values, "Q&A");

        XmlElement back = TestXml.parse(x.toXml());

        assertThat(DataForm.parse(back).values()).isEqualTo(values);
        assertThat(back.childText("title", Namespaces.DATA_FORMS)).isEqualTo("Q&A");
        assertThat(fields(back).get(1).attr("label")).isEqualTo("A <friendly> name");
    }

    @Test
    void multiValuedFieldsKeepTheirOrder() {
        Map<String, List<String>> values = Map.of("pubsub#contact", List.of("hamlet@denmark.lit", "horatio@denmark.lit"));
        XmlElement x = DataForm.render(DataForm.FORM, null,
                List.of(new FieldSpec("pubsub#contact", FieldType.JID_MULTI, "Contacts", List.of())), values, null);

        DataForm back = DataForm.parse(TestXml.parse(x.toXml()));

        assertThat(back.formType()).isNull();
        assertThat(back.values().get("pubsub#contact")).containsExactly("hamlet@denmark.lit", "horatio@denmark.lit");
        assertThat(x.child("title", Namespaces.DATA_FORMS)).isNull();
    }

    /** XEP-0060 §8.2.5.3, example "Service sends configuration change notification (full payload)". */
    private static final String CONFIG_NOTIFICATION = """
            <message from='pubsub.shakespeare.lit' to='francisco@denmark.lit' id='foo'>
              <event xmlns='http://jabber.org/protocol/pubsub#event'>
                <configuration node='princely_musings'>
                  <x xmlns='jabber:x:data' type='result'>
                    <field var='FORM_TYPE' type='hidden'>
                      <value>http://jabber.org/protocol/pubsub#node_config</value>
                    </field>
                    <field var='pubsub#title'><value>Princely Musings (Atom)</value></field>
                    <field var='pubsub#deliver_notifications'><value>1</value></field>
                    <field var='pubsub#deliver_payloads'><value>1</value></field>
                    <field var='pubsub#notify_config'><value>0</value></field>
                    <field var='pubsub#notify_delete'><value>0</value></field>
                    <field var='pubsub#notify_retract'><value>0</value></field>
                    <field var='pubsub#notify_sub'><value>0</value></field>
                    <field var='pubsub#persist_items'><value>1</value></field>
                    <field var='pubsub#max_items'><value>10</value></field>
                    <field var='pubsub#item_expire'><value>604800</value></field>
                    <field var='pubsub#subscribe'><value>1</value></field>
                    <field var='pubsub#access_model'><value>open</value></field>
                    <field var='pubsub#publish_model'><value>publishers</value></field>
                    <field var='pubsub#purge_offline'><value>0</value></field>
                    <field var='pubsub#max_payload_size'><value>9216</value></field>
                    <field var='pubsub#send_last_published_item'><value>never</value></field>
                    <field var='pubsub#presence_based_delivery'><value>0</value></field>
                    <field var='pubsub#notification_type'><value>headline</value></field>
                    <field var='pubsub#type'><value>urn:example:e2ee:bundle</value></field>
                    <field var='pubsub#body_xslt'>
                      <value>http://jabxslt.jabberstudio.org/atom_body.xslt</value>
                    </field>
                  </x>
                </configuration>
              </event>
            </message>""";

    @Test
    void resultFormIsShapedLikeTheConfigurationNotificationExample() {
        XmlElement example = DataFormParseTest.formIn(CONFIG_NOTIFICATION);
        DataForm read = DataForm.parse(example);

        XmlElement rendered = DataForm.renderResult(read.formType(), read.values());

        assertThat(rendered).isEqualTo(example);
        assertThat(TestXml.parse(rendered.toXml())).isEqualTo(example);
    }

    @Test
    void resultFormOfAConfigurationReadsBack() {
        XmlElement x = DataForm.renderResult(NodeConfigForm.FORM_TYPE, CONFIG_FORM.values(SAMPLE));

        DataForm back = DataForm.parse(TestXml.parse(x.toXml()));

        assertThat(back.type()).isEqualTo("result");
        assertThat(back.formType()).isEqualTo(NodeConfigForm.FORM_TYPE);
        assertThat(back.values()).containsExactlyEntriesOf(CONFIG_FORM.values(SAMPLE));
        assertThat(fields(x).get(0).attr("var")).isEqualTo("FORM_TYPE");
    }
}
