package org.herald.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamParserTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns='jabber:component:accept' from='pubsub.localhost' id='3BF96D32'>";

    private static RecordingListener parseWhole(String xml) {
        RecordingListener l = new RecordingListener();
        new StreamParser(l).feed(xml.getBytes(StandardCharsets.UTF_8));
        return l;
    }

    private static RecordingListener parseByteByByte(String xml) {
        RecordingListener l = new RecordingListener();
        StreamParser p = new StreamParser(l);
        for (byte b : xml.getBytes(StandardCharsets.UTF_8)) p.feed(new byte[] {b});
        return l;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StreamParserTest.class.getResourceAsStream("/xep0060/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void reportsHeaderStanzasAndClose() {
        RecordingListener l = parseWhole(HEADER + "<handshake/> \n<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq></stream:stream>");

        assertThat(l.header.id()).isEqualTo("3BF96D32");
        assertThat(l.header.from()).isEqualTo("pubsub.localhost");
        assertThat(l.header.defaultNamespace()).isEqualTo(Namespaces.COMPONENT_ACCEPT);
        assertThat(l.stanzas).hasSize(2);
        assertThat(l.stanzas.get(0).is("handshake", Namespaces.COMPONENT_ACCEPT)).isTrue();
        assertThat(l.stanzas.get(1).firstChild().is("ping", Namespaces.PING)).isTrue();
        assertThat(l.closed).isTrue();
        assertThat(l.errorCondition).isNull();
    }

    @Test
    void byteByByteFeedingGivesTheSameStanzas() throws IOException {
        String stream = HEADER + resource("publish-atom.xml") + resource("event-notification.xml")
                + "<presence from='a@b/c'/></stream:stream>";

        RecordingListener whole = parseWhole(stream);
        RecordingListener bytes = parseByteByByte(stream);

        assertThat(whole.stanzas).hasSize(3);
        assertThat(bytes.stanzas).isEqualTo(whole.stanzas);
        assertThat(bytes.header).isEqualTo(whole.header);
        assertThat(bytes.closed).isTrue();
        assertThat(bytes.errorCondition).isNull();
    }

    @Test
    void keepsMixedContentInOrderAndResolvesNamespaces() {
        RecordingListener l = parseWhole(HEADER
                + "<message xml:lang='en' to='x@y'><body>Hi <b xmlns='urn:test:b'>there</b>, you &amp; &lt;me&gt;&#x263A;</body>"
                + "<p:data xmlns:p='urn:test:p' p:kind='k'><p:inner/><plain/></p:data></message>");

        XmlElement message = l.stanzas.get(0);
        assertThat(message.attr("xml:lang")).isEqualTo("en");
        XmlElement body = message.child("body", Namespaces.COMPONENT_ACCEPT);
        assertThat(body.content()).containsExactly(
                new XmlText("Hi "),
                XmlElement.builder("b", "urn:test:b").text("there").build(),
                new XmlText(", you & <me>\u263A"));
        XmlElement data = message.child("data", "urn:test:p");
        // an attribute in a namespace is known by that namespace, not by its prefix (XmlElement)
        assertThat(data.attr("{urn:test:p}kind")).isEqualTo("k");
        assertThat(data.children()).extracting(XmlElement::namespace)
                .containsExactly("urn:test:p", Namespaces.COMPONENT_ACCEPT);
    }

    @Test
    void multiByteUtf8SplitAcrossChunksIsDecoded() {
        String text = "h\u00e9llo \uD83D\uDE00 \u65E5\u672C";
        RecordingListener l = parseByteByByte(HEADER + "<message><body>" + text + "</body></message>");

        assertThat(l.stanzas.get(0).childText("body", Namespaces.COMPONENT_ACCEPT)).isEqualTo(text);
    }

    @Test
    void anOverlongUtf8FormOfAControlCharacterIsNotWellFormed() {
        // Found by StreamParserFuzzTest (corpus file overlong-utf8-control): C0 92 decoded to U+0012, in an attribute
        // value and in text alike; XML cannot hold it, so the stanza must not be handed on.
        for (String[] around : new String[][] {{"<message to='a", "'/>"}, {"<message><body>a", "</body></message>"}}) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            bytes.writeBytes((HEADER + around[0]).getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(new byte[] {(byte) 0xC0, (byte) 0x92});
            bytes.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
            RecordingListener l = new RecordingListener();
            new StreamParser(l).feed(bytes.toByteArray());

            assertThat(l.stanzas).as(around[0]).isEmpty();
            assertThat(l.errorCondition).as(around[0]).isEqualTo(StreamErrorException.NOT_WELL_FORMED);
        }
    }

    @Test
    void oversizeStanzaIsPolicyViolationBeforeItEnds() {
        RecordingListener l = new RecordingListener();
        StreamParser p = new StreamParser(l, 1024, 64);
        p.feed((HEADER + "<iq type='get' id='small'/>").getBytes(StandardCharsets.UTF_8));
        p.feed("<message><body>".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20 && l.errorCondition == null; i++) p.feed("x".repeat(100).getBytes(StandardCharsets.UTF_8));

        assertThat(l.errorCondition).isEqualTo("policy-violation");
        assertThat(l.stanzas).extracting(e -> e.attr("id")).containsExactly("small");
    }

    @Test
    void oversizeOpeningTagIsPolicyViolation() {
        RecordingListener l = new RecordingListener();
        new StreamParser(l, 1024, 64).feed((HEADER + "<message a='" + "y".repeat(2000)).getBytes(StandardCharsets.UTF_8));

        assertThat(l.errorCondition).isEqualTo("policy-violation");
    }

    @Test
    void stanzaJustUnderTheLimitPasses() {
        RecordingListener l = new RecordingListener();
        String stanza = "<message><body>" + "z".repeat(900) + "</body></message>";
        StreamParser p = new StreamParser(l, 1024, 64);
        p.feed((HEADER + stanza + stanza).getBytes(StandardCharsets.UTF_8));

        assertThat(l.errorCondition).isNull();
        assertThat(l.stanzas).hasSize(2);
    }

    @Test
    void aStanzaTooDeepIsSkippedAndReportedByItsOutermostElementAndTheStreamGoesOn() {
        RecordingListener l = new RecordingListener();
        String deep = "<iq type='set' id='d1' from='a@b/c'><x>" + "<a>t".repeat(5000) + "</a>".repeat(5000) + "</x></iq>";
        byte[] bytes = (HEADER + deep + "<iq type='get' id='next'/>").getBytes(StandardCharsets.UTF_8);
        StreamParser p = new StreamParser(l, 65536, 8);
        for (byte b : bytes) p.feed(new byte[] {b}); // chunk borders anywhere

        assertThat(l.errorCondition).isNull();
        assertThat(l.tooDeep).singleElement().satisfies(head -> {
            assertThat(head.name()).isEqualTo("iq");
            assertThat(head.attr("id")).isEqualTo("d1");
            assertThat(head.attr("from")).isEqualTo("a@b/c");
            assertThat(head.children()).isEmpty();
        });
        assertThat(l.stanzas).singleElement().satisfies(s -> assertThat(s.attr("id")).isEqualTo("next"));
    }

    @Test
    void tooDeepIsPolicyViolationInAFragment() {
        assertThatThrownBy(() -> StreamParser.parseFragment("<a>".repeat(9) + "</a>".repeat(9), 65536, 8))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> assertThat(e.condition()).isEqualTo("policy-violation"));
    }

    @Test
    void depthAtTheLimitPasses() {
        RecordingListener l = new RecordingListener();
        new StreamParser(l, 65536, 8).feed((HEADER + "<a>".repeat(8) + "</a>".repeat(8)).getBytes(StandardCharsets.UTF_8));

        assertThat(l.errorCondition).isNull();
        assertThat(l.stanzas).hasSize(1);
    }

    @Test
    void doctypeIsRestrictedXml() {
        RecordingListener l = parseWhole("<?xml version='1.0'?><!DOCTYPE stream:stream>" + HEADER.substring(21));

        assertThat(l.errorCondition).isEqualTo("restricted-xml");
        assertThat(l.header).isNull();
    }

    @Test
    void billionLaughsIsRestrictedXmlAndNothingIsExpanded() {
        String bomb = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:component:accept' id='1'>"
                + "<message><body>&lol3;</body></message>";

        RecordingListener whole = parseWhole(bomb);
        RecordingListener bytes = parseByteByByte(bomb);

        assertThat(whole.errorCondition).isEqualTo("restricted-xml");
        assertThat(bytes.errorCondition).isEqualTo("restricted-xml");
        assertThat(whole.stanzas).isEmpty();
        assertThat(bytes.stanzas).isEmpty();
    }

    @Test
    void externalEntityIsRestrictedXmlAndNotResolved() {
        String xxe = "<!DOCTYPE foo [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>" + HEADER.substring(21)
                + "<message><body>&xxe;</body></message>";

        RecordingListener l = parseWhole(xxe);

        assertThat(l.errorCondition).isEqualTo("restricted-xml");
        assertThat(l.stanzas).isEmpty();
    }

    @Test
    void undeclaredEntityReferenceInsideAStanzaIsRestrictedXml() {
        RecordingListener l = parseWhole(HEADER + "<message><body>&xxe;</body></message>");

        assertThat(l.errorCondition).isEqualTo("restricted-xml");
        assertThat(l.stanzas).isEmpty();
    }

    @Test
    void doctypeInsideTheStreamIsRestrictedXmlAfterEarlierStanzas() {
        RecordingListener l = parseWhole(HEADER + "<presence id='before'/><message><!DOCTYPE x></message>");

        assertThat(l.stanzas).extracting(e -> e.attr("id")).containsExactly("before");
        assertThat(l.errorCondition).isEqualTo("restricted-xml");
    }

    @Test
    void commentsAndProcessingInstructionsAreRestrictedXml() {
        assertThat(parseWhole(HEADER + "<message><!-- hi --></message>").errorCondition).isEqualTo("restricted-xml");
        assertThat(parseWhole(HEADER + "<message><?php x ?></message>").errorCondition).isEqualTo("restricted-xml");
    }

    @Test
    void cdataMayContainMarkupDeclarationText() {
        RecordingListener l = parseByteByByte(HEADER + "<message><body><![CDATA[<!DOCTYPE x> ]] ]>]]>!</body></message>");

        assertThat(l.errorCondition).isNull();
        assertThat(l.stanzas.get(0).childText("body", Namespaces.COMPONENT_ACCEPT)).isEqualTo("<!DOCTYPE x> ]] ]>!");
    }

    @Test
    void malformedXmlIsNotWellFormed() {
        RecordingListener l = parseWhole(HEADER + "<message><body></message>");

        assertThat(l.errorCondition).isEqualTo("not-well-formed");
        assertThat(l.stanzas).isEmpty();
    }

    @Test
    void undeclaredPrefixIsNotWellFormed() {
        assertThat(parseWhole(HEADER + "<x:message/>").errorCondition).isEqualTo("not-well-formed");
    }

    @Test
    void textBetweenStanzasIsBadFormat() {
        assertThat(parseWhole(HEADER + "<presence/>hello").errorCondition).isEqualTo("bad-format");
    }

    @Test
    void wrongRootIsInvalidNamespace() {
        assertThat(parseWhole("<stream xmlns='jabber:client'>").errorCondition).isEqualTo("invalid-namespace");
    }

    @Test
    void nothingIsReportedAfterAnError() {
        RecordingListener l = new RecordingListener();
        StreamParser p = new StreamParser(l);
        p.feed((HEADER + "<a></b>").getBytes(StandardCharsets.UTF_8));
        p.feed("<presence/>".getBytes(StandardCharsets.UTF_8));

        assertThat(l.errorCondition).isEqualTo("not-well-formed");
        assertThat(l.stanzas).isEmpty();
    }

    @Test
    void parseFragmentReturnsTheRoot() {
        XmlElement e = StreamParser.parseFragment("<?xml version='1.0' encoding='UTF-8'?>\n<query xmlns='http://jabber.org/protocol/disco#info' node='n'/>\n");

        assertThat(e.is("query", Namespaces.DISCO_INFO)).isTrue();
        assertThat(e.attr("node")).isEqualTo("n");
    }

    @Test
    void parseFragmentRejectsUnsafeOrBrokenInput() {
        assertThatThrownBy(() -> StreamParser.parseFragment("<!DOCTYPE a [<!ENTITY b 'c'>]><a>&b;</a>"))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> assertThat(e.condition()).isEqualTo("restricted-xml"));
        assertThatThrownBy(() -> StreamParser.parseFragment("<a><b></a>"))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> assertThat(e.condition()).isEqualTo("not-well-formed"));
        assertThatThrownBy(() -> StreamParser.parseFragment("<a>"))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> assertThat(e.condition()).isEqualTo("not-well-formed"));
        assertThatThrownBy(() -> StreamParser.parseFragment("<a/><b/>"))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> assertThat(e.condition()).isEqualTo("not-well-formed"));
        assertThatThrownBy(() -> StreamParser.parseFragment("<a>" + "x".repeat(100) + "</a>", 50, 4))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> assertThat(e.condition()).isEqualTo("policy-violation"));
    }

    /**
     * Found by StreamParserFuzzTest: "]]>" in text (XML 1.0 §2.4) was refused when it arrived in one chunk and
     * accepted when TCP split it, so the stanza went through or killed the stream depending on the network.
     */
    @Test
    void cdataEndInTextIsNotWellFormedHoweverItIsChunked() {
        String xml = HEADER + "<message/><message><body>a]]>b</body></message>";

        for (RecordingListener l : new RecordingListener[] {parseWhole(xml), parseByteByByte(xml)}) {
            assertThat(l.errorCondition).isEqualTo(StreamErrorException.NOT_WELL_FORMED);
            assertThat(l.stanzas).hasSize(1);
        }
    }

    @Test
    void cdataEndInAnAttributeValueOrEscapedInTextIsAllowed() {
        String xml = HEADER + "<message a='x]]>y'><body>a]]&gt;b]]<![CDATA[c]]]]><![CDATA[>]]></body></message>";

        for (RecordingListener l : new RecordingListener[] {parseWhole(xml), parseByteByByte(xml)}) {
            assertThat(l.errorCondition).isNull();
            assertThat(l.stanzas).singleElement().satisfies(m -> {
                assertThat(m.attr("a")).isEqualTo("x]]>y");
                assertThat(m.firstChild().text()).isEqualTo("a]]>b]]c]]>");
            });
        }
    }
}
