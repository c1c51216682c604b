package org.herald.xmpp.form;

import java.util.List;
import java.util.Map;
import org.herald.service.config.FieldSpec;
import org.herald.service.config.FieldType;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** Writes {@code <x xmlns='jabber:x:data'/>} elements (XEP-0004 §3). */
final class DataFormWriter {
    private DataFormWriter() {
    }

    static XmlElement render(String type, String formType, List<FieldSpec> fields,
                             Map<String, List<String>> values, String title) {
        XmlElement.Builder x = form(type);
        // §3: <title/> comes before the fields.
        if (title != null) x.textChild("title", title);
        if (formType != null) x.child(formTypeField(formType));
        for (FieldSpec spec : fields) {
            XmlElement.Builder f = XmlElement.builder("field", Namespaces.DATA_FORMS)
                    .attr("var", spec.var())
                    .attr("type", spec.type().wire())
                    .attr("label", spec.label());
            // §3.2 order: <value/> elements, then <option/>s.
            for (String v : values.getOrDefault(spec.var(), List.of())) f.textChild("value", v);
            // §3.2: options belong to list-single and list-multi fields only. FieldSpec carries option values
            // without labels, and 'label' is optional, so none is written.
            if (spec.type() == FieldType.LIST_SINGLE || spec.type() == FieldType.LIST_MULTI) {
                for (String option : spec.options()) {
                    f.child(XmlElement.builder("option", Namespaces.DATA_FORMS).textChild("value", option).build());
                }
            }
            x.child(f.build());
        }
        return x.build();
    }

    /** A form of bare vars and values; §3.2 lets "submit" and "result" forms leave field types implied. */
    static XmlElement renderValues(String type, String formType, Map<String, List<String>> values) {
        XmlElement.Builder x = form(type);
        if (formType != null) x.child(formTypeField(formType));
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (DataForm.FORM_TYPE.equals(e.getKey())) continue;
            XmlElement.Builder f = XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", e.getKey());
            for (String v : e.getValue()) f.textChild("value", v);
            x.child(f.build());
        }
        return x.build();
    }

    private static XmlElement.Builder form(String type) {
        if (!DataForm.TYPES.contains(type)) throw new IllegalArgumentException("not a data form type: " + type);
        return XmlElement.builder("x", Namespaces.DATA_FORMS).attr("type", type);
    }

    /** XEP-0068 via XEP-0060 §17.4: FORM_TYPE is the first field, of type hidden. */
    private static XmlElement formTypeField(String formType) {
        return XmlElement.builder("field", Namespaces.DATA_FORMS)
                .attr("var", DataForm.FORM_TYPE)
                .attr("type", FieldType.HIDDEN.wire())
                .textChild("value", formType)
                .build();
    }
}
