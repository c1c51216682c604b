package org.herald.hostile;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Points Herald's component link at a {@link FakeXmppServer} instead of Prosody. */
public class FakeXmppServerResource implements QuarkusTestResourceLifecycleManager {
    private FakeXmppServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new FakeXmppServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "herald.component.enabled", "true",
                "herald.component.host", "127.0.0.1",
                "herald.component.port", Integer.toString(server.port()),
                "herald.component.jid", HostileLinkTest.COMPONENT,
                "herald.component.secret", FakeXmppServer.SECRET,
                "herald.component.max-stanza-bytes", Integer.toString(HostileLinkTest.MAX_STANZA_BYTES),
                "herald.component.reconnect-min", "100ms",
                "herald.component.reconnect-max", "500ms");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(FakeXmppServer.class));
    }

    @Override
    public void stop() {
        try {
            if (server != null) server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
