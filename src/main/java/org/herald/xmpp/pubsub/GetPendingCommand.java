package org.herald.xmpp.pubsub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.service.config.FieldSpec;
import org.herald.service.config.FieldType;
import org.herald.xmpp.component.Iq;
import org.herald.xmpp.component.IqHandler;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.component.StanzaErrorException;
import org.herald.xmpp.component.StanzaErrorType;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * XEP-0060 §8.7: "Process Pending Subscription Requests" as the one XEP-0050 ad-hoc command Herald offers,
 * {@value #NODE}. Two stages: executing it returns a form listing the owner's nodes with requests waiting;
 * submitting a node makes Herald send every waiting request of that node again as a §8.6 approval message.
 *
 * <p>Stateless: the submitted form carries all that stage two needs, so the session id is only echoed, and any
 * Herald instance can serve either stage.
 */
@ApplicationScoped
public class GetPendingCommand implements IqHandler {

    public static final String NODE = "http://jabber.org/protocol/pubsub#get-pending";

    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.COMMANDS; }
    @Override public String element() { return "command"; }
    @Override public Set<IqType> types() { return Set.of(IqType.SET); }

    /** XEP-0050 §2 (the commands protocol) and XEP-0060 §11's get-pending feature. */
    @Override
    public List<String> features() {
        return List.of(Namespaces.COMMANDS, Namespaces.PUBSUB + "#get-pending");
    }

    @Override
    public Uni<XmlElement> handle(Iq iq) {
        return Uni.createFrom().deferred(() -> stage(iq))
                .onFailure(PubSubException.class).transform(e -> XmppErrors.toStanzaError((PubSubException) e));
    }

    private Uni<XmlElement> stage(Iq iq) {
        XmlElement command = iq.child();
        if (!NODE.equals(command.attr("node"))) {
            throw new StanzaErrorException(StanzaErrorType.CANCEL, "item-not-found", null, "no such command"); // XEP-0050 §4.4
        }
        String action = command.attr("action") == null ? "execute" : command.attr("action");
        String session = command.attr("sessionid") == null ? "pubsub-get-pending:" + UUID.randomUUID() : command.attr("sessionid");
        if ("cancel".equals(action)) return Uni.createFrom().item(reply(session, "canceled").build());
        if (!List.of("execute", "complete", "next").contains(action)) {
            throw new StanzaErrorException(StanzaErrorType.MODIFY, "bad-request",
                    XmlElement.empty("bad-action", Namespaces.COMMANDS), "this command has no '" + action + "' action");
        }
        XmlElement x = command.child("x", Namespaces.DATA_FORMS);
        if (x == null) {
            // §8.7.2: a form whose single field lists the nodes with requests pending.
            return service.nodesWithPendingRequests(iq.from()).map(nodes -> nodes.isEmpty()
                    ? reply(session, "completed").child(XmlElement.builder("note", Namespaces.COMMANDS)
                            .attr("type", "info").text("No subscription requests are pending.").build()).build()
                    : reply(session, "executing")
                            .child(XmlElement.builder("actions", Namespaces.COMMANDS).attr("execute", "complete")
                                    .child(XmlElement.empty("complete", Namespaces.COMMANDS)).build())
                            // No FORM_TYPE, unlike §8.7.2's example: §17.4.2 registers pubsub#node of the
                            // subscribe_authorization form as text-single, the example makes it list-single, and
                            // clients that check fields against their FORM_TYPE (Smack's FormFieldRegistry) refuse
                            // the second form they see. XEP-0050 does not require a FORM_TYPE on command forms.
                            .child(DataForm.render(DataForm.FORM, null,
                                    List.of(new FieldSpec(AuthorizationForm.NODE, FieldType.LIST_SINGLE,
                                            "Node with pending subscription requests", nodes)),
                                    Map.of(), null))
                            .build());
        }
        // §8.7.5 [owner-subreq-pernode]: the requests of the chosen node are sent again; the command completes.
        DataForm form = DataForm.parse(x);
        List<String> chosen = form.values().get(AuthorizationForm.NODE);
        if (chosen == null || chosen.size() != 1 || chosen.get(0).isEmpty()) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, AuthorizationForm.NODE, "choose one node");
        }
        return service.resendAuthorizationRequests(iq.from(), chosen.get(0))
                .map(v -> reply(session, "completed").build());
    }

    /**
     * XEP-0050 §2.2: disco#items of node {@value Namespaces#COMMANDS} lists the commands; this is Herald's only one.
     * (A pubsub node of that name would be hidden from disco#items by it.)
     */
    static XmlElement listing(String service) {
        return XmlElement.builder("query", Namespaces.DISCO_ITEMS).attr("node", Namespaces.COMMANDS)
                .child(XmlElement.builder("item", Namespaces.DISCO_ITEMS).attr("jid", service).attr("node", NODE)
                        .attr("name", "Process pending subscription requests").build())
                .build();
    }

    private static XmlElement.Builder reply(String session, String status) {
        return XmlElement.builder("command", Namespaces.COMMANDS)
                .attr("node", NODE).attr("sessionid", session).attr("status", status);
    }
}
