package org.herald.xmpp.stanza;

/**
 * Finds, in raw bytes and before Aalto sees them, markup declarations ({@code <!DOCTYPE}, {@code <!ENTITY}, ...) and
 * the sequence {@code ]]>} in character data.
 *
 * <p>Why: Aalto's non-blocking reader cannot parse an internal DTD subset and reports it as a generic
 * well-formedness error, and inside an element it reports {@code <!DOCTYPE} the same way. RFC 6120 §11.1
 * wants {@code restricted-xml} for any DTD, so we spot them ourselves. The only legal {@code <!} constructs
 * are comments ({@code <!--}, which the parser reports as events) and CDATA sections, whose content may
 * contain {@code <!} as plain text and is therefore skipped. {@code <} cannot appear raw in attribute values
 * or text, and UTF-8 continuation bytes never equal ASCII, so a byte scan is exact.
 *
 * <p>XML 1.0 §2.4 forbids {@code ]]>} in character data (it may stand in attribute values, and ends a CDATA section).
 * Aalto checks it only when the three bytes arrive in one chunk, so whether a stanza was refused depended on how TCP
 * cut the stream (found by StreamParserFuzzTest); tracking tags and quoted attribute values here makes it exact.
 */
final class RestrictedXmlGuard {
    private static final byte[] CDATA = "[CDATA[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private enum State { TEXT, TEXT_BRACKET, TEXT_BRACKETS, LT, LT_BANG, TAG, TAG_QUOTE, CDATA_OPEN, IN_CDATA,
        CDATA_BRACKET, CDATA_BRACKETS }

    private State state = State.TEXT;
    private int cdataMatched;
    private byte quote;
    private String condition = StreamErrorException.RESTRICTED_XML;
    private String detail = "DTD or markup declaration";

    /** Returns the index of the first byte of a forbidden construct, or -1; {@link #condition()} says which. */
    int scan(byte[] data, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = data[i];
            switch (state) {
                case TEXT -> state = b == '<' ? State.LT : b == ']' ? State.TEXT_BRACKET : State.TEXT;
                case TEXT_BRACKET -> state = b == ']' ? State.TEXT_BRACKETS : b == '<' ? State.LT : State.TEXT;
                case TEXT_BRACKETS -> {
                    if (b == '>') {
                        condition = StreamErrorException.NOT_WELL_FORMED;
                        detail = "']]>' in character data (XML 1.0 §2.4)";
                        return i - 2 < offset ? offset : i - 2;
                    }
                    state = b == ']' ? State.TEXT_BRACKETS : b == '<' ? State.LT : State.TEXT;
                }
                case LT -> state = b == '!' ? State.LT_BANG : b == '<' ? State.LT : State.TAG;
                case LT_BANG -> {
                    if (b == '-') {
                        state = State.TEXT; // a comment; the parser reports it
                    } else if (b == '[') {
                        state = State.CDATA_OPEN;
                        cdataMatched = 1;
                    } else {
                        condition = StreamErrorException.RESTRICTED_XML;
                        detail = "DTD or markup declaration";
                        return i;
                    }
                }
                case TAG -> {
                    if (b == '>') state = State.TEXT;
                    else if (b == '<') state = State.LT; // malformed: the parser says so
                    else if (b == '\'' || b == '"') {
                        quote = b;
                        state = State.TAG_QUOTE;
                    }
                }
                case TAG_QUOTE -> {
                    if (b == quote) state = State.TAG;
                    else if (b == '<') state = State.LT; // not allowed in a value: malformed, the parser says so
                }
                case CDATA_OPEN -> {
                    if (b == CDATA[cdataMatched]) {
                        cdataMatched++;
                        if (cdataMatched == CDATA.length) state = State.IN_CDATA;
                    } else {
                        state = State.TEXT; // not CDATA: malformed, the parser says so
                    }
                }
                case IN_CDATA -> {
                    if (b == ']') state = State.CDATA_BRACKET;
                }
                case CDATA_BRACKET -> state = b == ']' ? State.CDATA_BRACKETS : State.IN_CDATA;
                case CDATA_BRACKETS -> {
                    if (b == '>') state = State.TEXT;
                    else if (b != ']') state = State.IN_CDATA;
                }
            }
        }
        return -1;
    }

    /** The stream error condition of the construct {@link #scan} last found. */
    String condition() {
        return condition;
    }

    String detail() {
        return detail;
    }
}
