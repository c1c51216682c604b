package org.herald.feeds.normalise;

public final class AtomPayload {
    private AtomPayload() {
    }

    public static String of(FeedEntry e) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
