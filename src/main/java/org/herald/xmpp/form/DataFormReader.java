package org.herald.xmpp.form;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** Reads a received {@code <x xmlns='jabber:x:data'/>} into a {@link DataForm}, within fixed size limits. */
final class DataFormReader {
    private DataFormReader() {
    }

    /*
     * XEP-0004 sets no limits; these keep one stanza from costing unbounded memory or work. Herald's own
     * configuration form has 16 fields and its longest value is a title or description, so these leave ample room.
     */
    /** Most {@code <field/>} elements in one form, "fixed" ones included. */
    static final int MAX_FIELDS = 256;
    /** Most {@code <value/>} elements in one field (list-multi, jid-multi, text-multi, hidden: XEP-0004 §3.2). */
    static final int MAX_VALUES = 256;
    /** Most characters of value text in one form, all fields together (64 KiB). */
    static final int MAX_TEXT_CHARS = 64 * 1024;

    static DataForm read(XmlElement x) {
        if (!x.is("x", Namespaces.DATA_FORMS)) {
            throw PubSubException.of(PubSubError.BAD_REQUEST, "expected a jabber:x:data form");
        }
        String type = x.attr("type");
        if (type == null) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, "type", "the form has no type");
        }
        if (!DataForm.TYPES.contains(type)) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, "type",
                    "'" + type + "' is not form, submit, cancel or result");
        }

        List<XmlElement> fields = x.children("field", Namespaces.DATA_FORMS);
        if (fields.size() > MAX_FIELDS) {
            XmlElement extra = fields.get(MAX_FIELDS);
            throw PubSubException.badField(PubSubError.BAD_REQUEST, name(extra, MAX_FIELDS),
                    "too many fields (at most " + MAX_FIELDS + ")");
        }

        String formType = null;
        LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
        boolean sawFormType = false;
        int textChars = 0;
        for (int i = 0; i < fields.size(); i++) {
            XmlElement field = fields.get(i);
            String var = field.attr("var");
            // §3.2: every field but a "fixed" one MUST have a var that is unique within the form.
            if ("fixed".equals(field.attr("type"))) continue; // description only, not data
            if (var == null) {
                throw PubSubException.badField(PubSubError.BAD_REQUEST, name(field, i), "has no var");
            }
            if (values.containsKey(var) || (sawFormType && DataForm.FORM_TYPE.equals(var))) {
                throw PubSubException.badField(PubSubError.BAD_REQUEST, var, "appears more than once");
            }

            List<XmlElement> valueElements = field.children("value", Namespaces.DATA_FORMS);
            if (valueElements.size() > MAX_VALUES) {
                throw PubSubException.badField(PubSubError.BAD_REQUEST, var,
                        "too many values (at most " + MAX_VALUES + ")");
            }
            List<String> fieldValues = new ArrayList<>(valueElements.size());
            for (XmlElement v : valueElements) {
                String text = v.text();
                textChars += text.length();
                if (textChars > MAX_TEXT_CHARS) {
                    throw PubSubException.badField(PubSubError.BAD_REQUEST, var,
                            "the form's values exceed " + MAX_TEXT_CHARS + " characters");
                }
                fieldValues.add(text);
            }

            if (DataForm.FORM_TYPE.equals(var)) {
                // XEP-0068: FORM_TYPE carries exactly one value, the namespace that gives the form its meaning.
                if (fieldValues.size() != 1 || fieldValues.get(0).isEmpty()) {
                    throw PubSubException.badField(PubSubError.BAD_REQUEST, var, "must carry one namespace");
                }
                formType = fieldValues.get(0);
                sawFormType = true;
            } else {
                values.put(var, fieldValues);
            }
        }
        return new DataForm(type, formType, values);
    }

    /** Names a field in an error: its var, else its 1-based position. */
    private static String name(XmlElement field, int index) {
        String var = field.attr("var");
        return var != null ? var : "field #" + (index + 1);
    }
}
