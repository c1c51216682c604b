package org.herald.xmpp.stanza;

/**
 * Finds markup declarations ({@code <!DOCTYPE}, {@code <!ENTITY}, ...) in raw bytes before Aalto sees them.
 *
 * <p>Why: Aalto's non-blocking reader cannot parse an internal DTD subset and reports it as a generic
 * well-formedness error, and inside an element it reports {@code <!DOCTYPE} the same way. RFC 6120 §11.1
 * wants {@code restricted-xml} for any DTD, so we spot them ourselves. The only legal {@code <!} constructs
 * are comments ({@code <!--}, which the parser reports as events) and CDATA sections, whose content may
 * contain {@code <!} as plain text and is therefore skipped. {@code <} cannot appear raw in attribute values
 * or text, and UTF-8 continuation bytes never equal ASCII, so a byte scan is exact.
 */
final class RestrictedXmlGuard {
    private static final byte[] CDATA = "[CDATA[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private enum State { TEXT, LT, LT_BANG, CDATA_OPEN, IN_CDATA, CDATA_BRACKET, CDATA_BRACKETS }

    private State state = State.TEXT;
    private int cdataMatched;

    /** Returns the index of the first byte that starts a forbidden declaration, or -1. */
    int scan(byte[] data, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = data[i];
            switch (state) {
                case TEXT -> {
                    if (b == '<') state = State.LT;
                }
                case LT -> state = b == '!' ? State.LT_BANG : b == '<' ? State.LT : State.TEXT;
                case LT_BANG -> {
                    if (b == '-') {
                        state = State.TEXT; // a comment; the parser reports it
                    } else if (b == '[') {
                        state = State.CDATA_OPEN;
                        cdataMatched = 1;
                    } else {
                        return i;
                    }
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
}
