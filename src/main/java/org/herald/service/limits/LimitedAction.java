package org.herald.service.limits;

/** The use cases a requester's rate is limited on (issue #9): the ones that write and cost the service most. */
public enum LimitedAction {
    PUBLISH("publish"),
    SUBSCRIBE("subscribe"),
    CREATE("create");

    private final String word;

    LimitedAction(String word) {
        this.word = word;
    }

    /** The word used in configuration ({@code herald.limits.<word>.rate}) and in refusal texts. */
    public String word() {
        return word;
    }
}
