package org.herald.http.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.herald.domain.Subscription;
import org.herald.service.config.SubscriptionOptionsForm;

/** A subscription (XEP-0060 §6.1, §8.8) with its SubID, state and options (§6.3, as in pubsub#subscribe_options). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionJson(String node, String jid, String subid, String state, String created, ObjectNode options) {

    static SubscriptionJson of(Subscription s, SubscriptionOptionsForm form) {
        return new SubscriptionJson(s.node(), s.jid().toString(), s.subId(), s.state().wire(), s.created().toString(),
                ConfigJson.fromForm(form.values(s.options()), form.fields()));
    }

    /** A list of subscriptions, as GET answers and PATCH takes (PATCH reads jid, subid and state). */
    public record Listing(List<SubscriptionJson> subscriptions) {
        static Listing of(List<Subscription> all, SubscriptionOptionsForm form) {
            return new Listing(all.stream().map(s -> SubscriptionJson.of(s, form)).toList());
        }
    }
}
