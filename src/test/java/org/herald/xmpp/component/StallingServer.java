package org.herald.xmpp.component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw TCP stand-in for an XMPP server's component port: it accepts any handshake (XEP-0114), then behaves as told —
 * stops reading, reads but never answers, or answers pings — so that the link's stall detector can be shown to act,
 * and to leave a healthy link alone. Every connection is served by its own daemon thread.
 */
final class StallingServer implements AutoCloseable {
    enum After { STOP_READING, READ_SILENTLY, ANSWER_PINGS }

    private static final Pattern PING_ID = Pattern.compile("id='([^']+)'><ping xmlns='urn:xmpp:ping'");

    private final ServerSocket server;
    private final After after;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicInteger pingsSeen = new AtomicInteger();
    final AtomicInteger pingsAnswered = new AtomicInteger();

    StallingServer(After after) throws IOException {
        this.after = after;
        this.server = new ServerSocket();
        server.setReceiveBufferSize(8192); // small kernel buffers: a server that stops reading fills them fast
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::acceptLoop, "stalling-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "stalling-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return; // the test closed the server
            }
        }
    }

    private void serve(Socket s) {
        try {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readUntil(in, ">"); // the component's stream header (one write, ends with '>')
            out.write(("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams'"
                    + " from='pubsub.stall.test' id='stall-" + handshakes.get() + "'>").getBytes(StandardCharsets.UTF_8));
            readUntil(in, "</handshake>");
            out.write("<handshake/>".getBytes(StandardCharsets.UTF_8));
            out.flush();
            handshakes.incrementAndGet();
            switch (after) {
                // the socket stays open, unread, until close(): a server that holds the connection but stopped reading
                case STOP_READING -> { }
                case READ_SILENTLY -> readAll(in, null);
                case ANSWER_PINGS -> readAll(in, out);
            }
        } catch (IOException gone) {
            // the client closed the connection: that is what the tests wait for
        }
    }

    private void readAll(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        StringBuilder seen = new StringBuilder();
        int n;
        while ((n = in.read(buf)) >= 0) {
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            Matcher m = PING_ID.matcher(seen);
            int end = 0;
            while (m.find()) {
                pingsSeen.incrementAndGet();
                end = m.end();
                if (out != null) {
                    out.write(("<iq type='result' from='stall.test' to='pubsub.stall.test' id='" + m.group(1) + "'/>")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    pingsAnswered.incrementAndGet();
                }
            }
            if (end > 0) seen.delete(0, end);
            if (seen.length() > 4096) seen.delete(0, seen.length() - 256); // keep only a tail that may hold a split ping
        }
    }

    private static void readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            seen.append((char) c);
            if (seen.indexOf(marker) >= 0) return;
        }
        throw new IOException("closed before " + marker);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) s.close();
    }
}
