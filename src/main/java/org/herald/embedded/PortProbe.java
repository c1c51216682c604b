package org.herald.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Small TCP helpers of the launcher (it runs before Quarkus, on the main thread: blocking is fine here). */
final class PortProbe {
    /** Long enough for a loopback or LAN server under load, short enough not to delay a start noticeably. */
    private static final int CONNECT_TIMEOUT_MS = 500;

    private PortProbe() {
    }

    /** Whether something accepts a TCP connection at host:port. */
    static boolean answers(LaunchSettings.Address address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code wanted} if not 0, else a port free on 127.0.0.1 now (another process could still take it first). */
    static int portOrFree(int wanted) {
        if (wanted != 0) return wanted;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
