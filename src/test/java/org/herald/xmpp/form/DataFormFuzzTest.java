package org.herald.xmpp.form;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.StreamParser;
import org.herald.xmpp.stanza.XmlElement;

/**
 * Fuzzes the data-form codec (docs/fuzzing.md): an arbitrary element tree, shaped like a form often enough to get
 * past the first checks, is read into a {@link DataForm} within the reader's limits or refused with bad-request;
 * a form that was read, written again and parsed from its XML reads back unchanged.
 */
class DataFormFuzzTest {
    private static final List<String> TYPES = List.of("form", "submit", "cancel", "result", "", "Submit");
    private static final List<String> FIELD_TYPES = List.of("fixed", "hidden", "text-single", "list-multi", "");
    /** A few vars, so that duplicates and FORM_TYPE come up. */
    private static final List<String> VARS = List.of(DataForm.FORM_TYPE, "pubsub#title", "pubsub#max_items", "a", "");

    @FuzzTest(maxDuration = "8s")
    void read(FuzzedDataProvider data) {
        XmlElement x = form(data);
        DataForm form;
        try {
            form = DataForm.parse(x);
        } catch (PubSubException e) {
            assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
            return;
        }
        assertThat(DataForm.TYPES).contains(form.type());
        assertThat(form.values()).doesNotContainKey(DataForm.FORM_TYPE);
        assertThat(form.values().size()).isLessThanOrEqualTo(DataFormReader.MAX_FIELDS);
        assertThat(form.values().values()).allSatisfy(v -> assertThat(v.size()).isLessThanOrEqualTo(DataFormReader.MAX_VALUES));
        assertThat(form.values().values().stream().flatMap(List::stream).mapToInt(String::length).sum())
                .isLessThanOrEqualTo(DataFormReader.MAX_TEXT_CHARS);

        XmlElement written = DataFormWriter.renderValues(form.type(), form.formType(), form.values());
        assertThat(DataForm.parse(StreamParser.parseFragment(written.toXml()))).isEqualTo(form);
    }

    private static XmlElement form(FuzzedDataProvider data) {
        XmlElement.Builder x = data.consumeBoolean() ? XmlElement.builder("x", Namespaces.DATA_FORMS)
                : XmlElement.builder(name(data), data.consumeBoolean() ? Namespaces.DATA_FORMS : "urn:other");
        x.attr("type", data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeBoolean() ? null : text(data, 8));
        // now and then more fields or values than the reader accepts
        int fields = data.consumeBoolean() ? data.consumeInt(0, 8) : data.consumeInt(0, DataFormReader.MAX_FIELDS + 2);
        for (int i = 0; i < fields && data.remainingBytes() > 0; i++) {
            XmlElement.Builder f = XmlElement.builder(data.consumeInt(0, 9) == 0 ? name(data) : "field",
                    data.consumeInt(0, 9) == 0 ? "urn:other" : Namespaces.DATA_FORMS);
            f.attr("var", data.consumeBoolean() ? data.pickValue(VARS) : data.consumeBoolean() ? null : text(data, 12));
            f.attr("type", data.consumeBoolean() ? null : data.pickValue(FIELD_TYPES));
            int values = data.consumeInt(0, 20) == 0 ? DataFormReader.MAX_VALUES + 1 : data.consumeInt(0, 3);
            for (int j = 0; j < values; j++) {
                XmlElement.Builder v = XmlElement.builder(data.consumeInt(0, 9) == 0 ? name(data) : "value",
                        Namespaces.DATA_FORMS);
                v.text(data.consumeInt(0, 30) == 0 ? "x".repeat(data.consumeInt(0, 70_000)) : text(data, 16));
                if (data.consumeInt(0, 9) == 0) v.child(XmlElement.builder("b", "urn:other").text(text(data, 4)).build());
                v.text(text(data, 4));
                f.child(v.build());
            }
            x.child(f.build());
        }
        if (data.consumeBoolean()) x.text(text(data, 8));
        return x.build();
    }

    private static String name(FuzzedDataProvider data) {
        String s = data.consumeAsciiString(6).replaceAll("[^A-Za-z]", "");
        return s.isEmpty() ? "y" : s;
    }

    /** Text as it can arrive in a stanza: any XML 1.0 character (§2.2), no others. */
    private static String text(FuzzedDataProvider data, int max) {
        String s = data.consumeString(max);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(b::appendCodePoint);
        return b.toString();
    }
}
