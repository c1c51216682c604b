package org.herald.xmpp.form;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.config.FieldSpec;
import org.herald.xmpp.stanza.XmlElement;

/**
 * A received XEP-0004 data form reduced to what a form-processing entity acts on: its type, its FORM_TYPE and
 * the values of its fields in document order.
 *
 * @param type one of {@link #FORM}, {@link #SUBMIT}, {@link #CANCEL}, {@link #RESULT} (XEP-0004 §3.1)
 * @param formType the value of the hidden FORM_TYPE field, or null when the form has none
 * @param values each field's values by {@code var}, in document order; FORM_TYPE and "fixed" fields are left
 *               out. Unmodifiable; a field sent without {@code <value/>} maps to an empty list (§3.6).
 */
public record DataForm(String type, String formType, Map<String, List<String>> values) {

    public static final String FORM = "form";
    public static final String SUBMIT = "submit";
    public static final String CANCEL = "cancel";
    public static final String RESULT = "result";
    /** XEP-0004 §3.1: the four form types. */
    public static final Set<String> TYPES = Set.of(FORM, SUBMIT, CANCEL, RESULT);

    /** The field whose value names the form's meaning (XEP-0068, used by XEP-0060 §7.1.5, §8.2.4, §17.4). */
    public static final String FORM_TYPE = "FORM_TYPE";

    public DataForm {
        if (!TYPES.contains(type)) throw new IllegalArgumentException("not a data form type: " + type);
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((var, v) -> copy.put(Objects.requireNonNull(var), List.copyOf(v)));
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads a {@code <x xmlns='jabber:x:data'/>} element.
     *
     * @throws PubSubException BAD_REQUEST naming the field at fault (or "type" for a bad form type)
     */
    public static DataForm parse(XmlElement x) {
        return DataFormReader.read(x);
    }

    /**
     * Writes a form describing {@code fields}: a hidden FORM_TYPE field first, then each field with its
     * type, label, current values and (for list types) options (XEP-0004 §3.2). Values for vars not in
     * {@code fields} are not written.
     *
     * @param type the form type, usually {@link #FORM} (XEP-0060 §8.2.2) or {@link #RESULT}
     * @param formType the FORM_TYPE value, or null to write none
     * @param title the form's {@code <title/>}, or null to write none
     */
    public static XmlElement render(String type, String formType, List<FieldSpec> fields,
                                    Map<String, List<String>> values, String title) {
        return DataFormWriter.render(type, formType, fields, values, title);
    }

    /**
     * Writes a result form carrying only vars and values, as in XEP-0060 §8.2.5.3's configuration
     * notification: {@code <x type='result'>} with FORM_TYPE hidden, then each field with its values.
     */
    public static XmlElement renderResult(String formType, Map<String, List<String>> values) {
        return DataFormWriter.renderValues(RESULT, formType, values);
    }

    /** Whether the submitter cancelled (XEP-0004 §3.1); XEP-0060 §8.2.4 keeps the existing configuration. */
    public boolean isCancel() {
        return CANCEL.equals(type);
    }

    /**
     * Refuses a form whose FORM_TYPE is absent or another one, e.g. publish-options whose FORM_TYPE "MUST be"
     * pubsub#publish-options (XEP-0060 §7.1.5).
     *
     * @return this form
     * @throws PubSubException BAD_REQUEST naming FORM_TYPE
     */
    public DataForm requireFormType(String expected) {
        if (!expected.equals(formType)) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, FORM_TYPE,
                    formType == null ? "missing; expected " + expected : "expected " + expected + ", got " + formType);
        }
        return this;
    }
}
