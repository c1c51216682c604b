package org.herald.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One raw XMPP client connection for the benchmarks, on a Vert.x event loop (Smack needs threads per connection; a
 * thousand of them would measure Smack). It logs in (SASL ANONYMOUS, XEP-0175, or PLAIN, RFC 6120 §6), binds a
 * resource, then sends IQs and matches their answers by id, and hands every {@code <message>} to a handler.
 *
 * <p>No XML parser: the servers measured (Prosody, ejabberd) serialise what they route in a stable form, the
 * benchmark controls every payload, and a top-level stanza is found by its closing tag ({@code </message>},
 * {@code </iq>}) or a self-closing start tag. Payloads must therefore not contain {@code <iq} or {@code <message}.
 */
final class LeanXmppConnection {
    /** How to log in: anonymously on {@code domain}, or as {@code user@domain} with a password. */
    record Login(String domain, String user, String password) {
        static Login anonymous(String domain) {
            return new Login(domain, null, null);
        }

        static Login plain(String domain, String user, String password) {
            return new Login(domain, user, password);
        }
    }

    private final NetSocket socket;
    /** The event loop the socket lives on: all state below is touched only there. */
    private final Context context;
    private final Login login;
    private final Promise<LeanXmppConnection> ready = Promise.promise();
    private final StringBuilder in = new StringBuilder();
    private final Map<String, Promise<String>> pending = new HashMap<>();
    private BiConsumer<CharSequence, Long> onMessage = (stanza, at) -> {
        // until a handler is set, messages (e.g. a server's welcome) are not of interest
    };
    private int state; // 0 features, 1 auth result, 2 features after restart, 3 bind result, 4 live
    private int nextId;
    private String jid;

    private LeanXmppConnection(NetSocket socket, Context context, Login login) {
        this.socket = socket;
        this.context = context;
        this.login = login;
    }

    /** Connects to {@code host:port} and logs in; completes with the bound connection. */
    static Future<LeanXmppConnection> open(NetClient net, String host, int port, Login login) {
        return net.connect(port, host).compose(socket -> {
            LeanXmppConnection c = new LeanXmppConnection(socket, Vertx.currentContext(), login);
            socket.handler(c::onData);
            socket.exceptionHandler(e -> c.failAll(e.toString()));
            socket.closeHandler(v -> c.failAll("connection closed by the server"));
            c.openStream();
            return c.ready.future();
        });
    }

    /** The full JID the server bound. */
    String jid() {
        return jid;
    }

    /** Every message stanza from now on, with the System.nanoTime() of the read that completed it. */
    void onMessage(BiConsumer<CharSequence, Long> handler) {
        context.runOnContext(v -> onMessage = handler);
    }

    /**
     * Sends {@code <iq type to id>child</iq>}; completes with the answer's text when it is a result, fails with it when
     * it is an error. Safe from any thread (the write and the bookkeeping run on the connection's event loop).
     */
    Future<String> iq(String type, String to, String child) {
        Promise<String> answer = Promise.promise();
        context.runOnContext(v -> {
            String id = "q" + nextId++;
            pending.put(id, answer);
            send("<iq type='" + type + "' id='" + id + "'" + (to == null ? "" : " to='" + to + "'") + ">" + child + "</iq>");
        });
        return answer.future();
    }

    void close() {
        socket.write("</stream:stream>").onComplete(r -> socket.close());
    }

    private void openStream() {
        send("<?xml version='1.0'?><stream:stream to='" + login.domain() + "' xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
    }

    private void send(String s) {
        socket.write(Buffer.buffer(s.getBytes(StandardCharsets.UTF_8)));
    }

    private void failAll(String why) {
        ready.tryFail(why);
        pending.values().forEach(p -> p.tryFail(why));
        pending.clear();
    }

    private void onData(Buffer data) {
        long now = System.nanoTime();
        // Latin-1 keeps one char per byte: every marker looked for is ASCII, and a split UTF-8 sequence is harmless.
        in.append(data.toString(StandardCharsets.ISO_8859_1));
        if (state == 4) {
            stanzas(now);
            return;
        }
        switch (state) {
            case 0 -> {
                if (in.indexOf("</stream:features>") < 0) return;
                in.setLength(0);
                state = 1;
                if (login.user() == null) {
                    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
                } else {
                    String creds = "\0" + login.user() + "\0" + login.password();
                    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                            + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)) + "</auth>");
                }
            }
            case 1 -> {
                if (in.indexOf("<failure") >= 0) {
                    ready.tryFail("SASL refused: " + in);
                    return;
                }
                if (in.indexOf("<success") < 0) return;
                in.setLength(0);
                state = 2;
                openStream();
            }
            case 2 -> {
                if (in.indexOf("</stream:features>") < 0) return;
                in.setLength(0);
                state = 3;
                send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            }
            case 3 -> {
                int end = in.indexOf("</jid>");
                if (end < 0) return;
                jid = in.substring(in.indexOf("<jid>") + 5, end);
                in.setLength(0);
                state = 4;
                ready.tryComplete(this);
            }
            default -> throw new IllegalStateException("state " + state);
        }
    }

    /** Takes every complete top-level stanza off the front of the buffer; keeps a partial tail. */
    private void stanzas(long now) {
        int from = 0;
        while (true) {
            int start = in.indexOf("<", from);
            if (start < 0) break;
            String name = startsAt(start, "<message") ? "message" : startsAt(start, "<iq") ? "iq" : null;
            if (name == null) {
                // presence or anything else: skip to the next tag start of a stanza we know
                int next = nextStanza(start + 1);
                if (next < 0) {
                    from = in.length();
                    break;
                }
                from = next;
                continue;
            }
            int tagEnd = in.indexOf(">", start);
            if (tagEnd < 0) break;
            int end;
            if (in.charAt(tagEnd - 1) == '/') {
                end = tagEnd + 1;
            } else {
                int close = in.indexOf("</" + name + ">", tagEnd);
                if (close < 0) break;
                end = close + name.length() + 3;
            }
            if (name.equals("message")) {
                onMessage.accept(in.subSequence(start, end), now);
            } else {
                answer(start, tagEnd, end);
            }
            from = end;
        }
        in.delete(0, Math.min(from, in.length()));
    }

    private boolean startsAt(int at, String s) {
        return in.length() >= at + s.length() && in.substring(at, at + s.length()).equals(s);
    }

    private int nextStanza(int from) {
        int m = in.indexOf("<message", from);
        int q = in.indexOf("<iq", from);
        if (m < 0) return q;
        if (q < 0) return m;
        return Math.min(m, q);
    }

    private void answer(int start, int tagEnd, int end) {
        String head = in.substring(start, tagEnd);
        String id = attribute(head, "id");
        Promise<String> p = id == null ? null : pending.remove(id);
        if (p == null) return; // a server's request (ping) or an answer nobody waits for
        String text = in.substring(start, end);
        if ("error".equals(attribute(head, "type"))) p.tryFail(text);
        else p.tryComplete(text);
    }

    private static String attribute(String head, String name) {
        for (char q : new char[] {'\'', '"'}) {
            String marker = " " + name + "=" + q;
            int i = head.indexOf(marker);
            if (i >= 0) {
                int s = i + marker.length();
                int e = head.indexOf(q, s);
                if (e > s) return head.substring(s, e);
            }
        }
        return null;
    }
}
