package org.herald.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fuzzes the component stream parser (docs/fuzzing.md): after a valid stream header, arbitrary bytes in arbitrary
 * chunk splits. The parser must report stanzas and then exactly one end (the close tag or one stream error with an
 * RFC 6120 §4.9.3 condition), never throw, never build a stanza over its byte or depth limit (a too-deep one is
 * only named, by its outermost element), and see the same stanzas and the same kind of end (close or error)
 * whatever the chunking. Every stanza it reports must serialise to XML that parses back to the same tree.
 */
class StreamParserFuzzTest {
    static final byte[] HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
            + " xmlns:stream='http://etherx.jabber.org/streams' from='pubsub.localhost' id='fuzz'>")
            .getBytes(StandardCharsets.UTF_8);
    /** Small limits so that the fuzzer reaches them with short inputs. */
    static final int MAX_BYTES = 2048;
    static final int MAX_DEPTH = 6;
    static final Set<String> CONDITIONS = Set.of(StreamErrorException.POLICY_VIOLATION,
            StreamErrorException.RESTRICTED_XML, StreamErrorException.NOT_WELL_FORMED,
            StreamErrorException.BAD_FORMAT, StreamErrorException.INVALID_NAMESPACE);

    @FuzzTest(maxDuration = "8s")
    void feed(byte[] input) {
        Recorder whole = parse(input, null);
        // the split points come from the input itself, so a finding replays exactly
        Recorder chunked = parse(input, new SplittableRandom(Arrays.hashCode(input)));

        for (Recorder r : List.of(whole, chunked)) {
            assertThat(r.opened).as("stream header reported once").isEqualTo(1);
            assertThat(r.ends).as("exactly one end after endOfInput (close or error)").hasSize(1);
            String end = r.ends.get(0);
            assertThat(end.equals("closed") || CONDITIONS.contains(end)).as("end %s", end).isTrue();
            for (XmlElement stanza : r.stanzas) {
                assertThat(depth(stanza)).as("depth of %s", stanza).isLessThanOrEqualTo(MAX_DEPTH);
                // every character of names, attributes and text came from at least one byte of the stanza
                assertThat(chars(stanza)).as("size of a reported stanza").isLessThanOrEqualTo(MAX_BYTES);
                assertThat(StreamParser.parseFragment(stanza.toXml())).as("re-parsed %s", stanza).isEqualTo(stanza);
            }
        }
        assertThat(chunked.stanzas).as("stanzas do not depend on chunking").isEqualTo(whole.stanzas);
        assertThat(chunked.tooDeep).as("too-deep stanzas do not depend on chunking").isEqualTo(whole.tooDeep);
        // Which of several faults is seen first may depend on the chunks ("te2\0": text in the stream is bad-format
        // when "te2" arrives alone, not-well-formed when the NUL comes with it: corpus file text-then-nul), but
        // whether the stream ends cleanly or in an error does not.
        assertThat(chunked.ends.get(0).equals("closed")).as("a clean close does not depend on chunking")
                .isEqualTo(whole.ends.get(0).equals("closed"));
    }

    private static Recorder parse(byte[] input, SplittableRandom split) {
        Recorder r = new Recorder();
        StreamParser parser = new StreamParser(r, MAX_BYTES, MAX_DEPTH);
        parser.feed(HEADER);
        int at = 0;
        while (at < input.length) {
            int left = input.length - at;
            int n = split == null ? left : 1 + split.nextInt(Math.min(left, 32));
            // the parser may keep no reference to the array once feed returns: hand it a copy to scribble on later
            byte[] chunk = Arrays.copyOfRange(input, at, at + n);
            parser.feed(chunk, 0, n);
            Arrays.fill(chunk, (byte) '<');
            at += n;
        }
        parser.endOfInput();
        return r;
    }

    static int depth(XmlElement e) {
        int max = 0;
        for (XmlElement c : e.children()) max = Math.max(max, depth(c));
        return max + 1;
    }

    static int chars(XmlElement e) {
        int n = e.name().length();
        for (var a : e.attributes().entrySet()) n += a.getKey().length() + a.getValue().length();
        for (XmlNode c : e.content()) {
            n += c instanceof XmlElement child ? chars(child) : ((XmlText) c).text().length();
        }
        return n;
    }

    /** Records what the parser reports, checking that nothing follows the end. */
    static final class Recorder implements StreamListener {
        int opened;
        final List<XmlElement> stanzas = new ArrayList<>();
        final List<XmlElement> tooDeep = new ArrayList<>();
        final List<String> ends = new ArrayList<>();

        @Override
        public void streamOpened(StreamHeader header) {
            assertThat(ends).as("nothing after the end").isEmpty();
            opened++;
        }

        @Override
        public void stanza(XmlElement stanza) {
            assertThat(ends).as("nothing after the end").isEmpty();
            stanzas.add(stanza);
        }

        @Override
        public void stanzaTooDeep(XmlElement outermost, String detail) {
            assertThat(ends).as("nothing after the end").isEmpty();
            assertThat(outermost.children()).as("only the outermost element of a too-deep stanza").isEmpty();
            tooDeep.add(outermost);
        }

        @Override
        public void streamClosed() {
            assertThat(ends).as("nothing after the end").isEmpty();
            ends.add("closed");
        }

        @Override
        public void streamError(String condition, String detail) {
            assertThat(ends).as("nothing after the end").isEmpty();
            ends.add(condition);
        }
    }
}
