package org.herald.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.herald.xmpp.component.Handshake;

/**
 * Plays the XMPP server's side of XEP-0114 on a loopback port, so that a test can send Herald bytes no real server
 * would forward: it accepts Herald's connection, answers the stream header, checks the handshake digest against the
 * secret and confirms it; after that the test writes whatever it likes and reads what Herald answers.
 */
final class FakeXmppServer implements AutoCloseable {
    static final String SECRET = "fake-server-secret-9d41";
    private final ServerSocket server;

    FakeXmppServer() throws IOException {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Waits for Herald's next connection and completes the handshake on it. A connection Herald gave up on while it
     * sat in the accept queue (its handshake timeout ran out) is dropped and the next one taken.
     */
    Session accept(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        server.setSoTimeout((int) timeout.toMillis());
        while (true) {
            Socket s = server.accept();
            s.setSoTimeout((int) timeout.toMillis());
            Session session = new Session(s);
            try {
                session.handshake();
                return session;
            } catch (IOException e) {
                session.close();
                if (System.nanoTime() > deadline) throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static final class Session implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        private void handshake() throws IOException {
            readUntil("'>"); // Herald's header ends with its to='...' attribute, single-quoted
            String id = UUID.randomUUID().toString();
            write("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                    + " xmlns:stream='http://etherx.jabber.org/streams' from='" + HostileLinkTest.COMPONENT + "' id='" + id + "'>");
            String sent = readUntil("</handshake>");
            String digest = sent.substring(sent.lastIndexOf("<handshake>") + "<handshake>".length(), sent.lastIndexOf("</handshake>"));
            if (!digest.equals(Handshake.digest(id, SECRET))) throw new IOException("wrong handshake digest: " + digest);
            write("<handshake/>");
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Everything Herald sent so far on this session, up to and including {@code marker}. */
        String readUntil(String marker) throws IOException {
            return readUntil(marker, 0);
        }

        /** Like {@link #readUntil(String)}, for a marker at or after the character index {@code from}. */
        String readUntil(String marker, int from) throws IOException {
            byte[] buf = new byte[8192];
            while (received.toString(StandardCharsets.UTF_8).indexOf(marker, from) < 0) {
                int n = in.read(buf);
                if (n < 0) throw new IOException("closed before " + marker + "; got: " + received.toString(StandardCharsets.UTF_8));
                received.write(buf, 0, n);
            }
            return received.toString(StandardCharsets.UTF_8);
        }

        /** Reads until Herald closes the socket; everything it sent on this session. */
        String readToEnd() throws IOException {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) received.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                throw new IOException("Herald kept the socket open; got: " + received.toString(StandardCharsets.UTF_8), e);
            } catch (IOException e) {
                // a reset after Herald closed while we were still writing: what it sent before is what counts
            }
            return received.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
