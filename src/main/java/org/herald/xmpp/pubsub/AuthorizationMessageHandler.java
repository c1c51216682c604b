package org.herald.xmpp.pubsub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.component.MessageHandler;
import org.herald.xmpp.component.StanzaErrorException;
import org.herald.xmpp.component.StanzaErrors;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * §8.6: an owner's answer to an approval request arrives as a message carrying the submitted
 * pubsub#subscribe_authorization form. Messages without that form are not ours and are left alone. A cancelled
 * form leaves the request pending (§8.6). A refusal (not an owner, no such node or request, a bad form) is sent
 * back as a message error (RFC 6120 §8.3), since a message has no result to carry it.
 */
@ApplicationScoped
public class AuthorizationMessageHandler implements MessageHandler {

    @Inject
    PubSubService service;

    @Inject
    ComponentLink link;

    @Override
    public Uni<Void> handle(XmlElement message) {
        if ("error".equals(message.attr("type"))) return Uni.createFrom().voidItem(); // never answer an error
        XmlElement x = authorizationForm(message);
        Jid from = Jid.tryParse(message.attr("from"));
        if (x == null || from == null) return Uni.createFrom().voidItem();
        return Uni.createFrom().deferred(() -> {
                    DataForm form = DataForm.parse(x);
                    if (form.isCancel()) return Uni.createFrom().voidItem();
                    if (!DataForm.SUBMIT.equals(form.type())) {
                        throw PubSubException.badField(PubSubError.BAD_REQUEST, "type",
                                "an answer to an approval request must be a submitted form");
                    }
                    AuthorizationForm.Decision d = AuthorizationForm.decision(form);
                    return service.authorize(from, d.node(), d.subscriber(), d.subId(), d.allow());
                })
                .onFailure(PubSubException.class).recoverWithUni(e -> {
                    StanzaErrorException s = XmppErrors.toStanzaError((PubSubException) e);
                    link.send(StanzaErrors.error(message, s.type(), s.condition(), s.applicationCondition(), s.text()));
                    return Uni.createFrom().voidItem();
                });
    }

    /** The data form of FORM_TYPE subscribe_authorization, or null. */
    private static XmlElement authorizationForm(XmlElement message) {
        for (XmlElement x : message.children("x", Namespaces.DATA_FORMS)) {
            for (XmlElement f : x.children("field", Namespaces.DATA_FORMS)) {
                if (DataForm.FORM_TYPE.equals(f.attr("var"))
                        && AuthorizationForm.FORM_TYPE.equals(f.childText("value", Namespaces.DATA_FORMS))) {
                    return x;
                }
            }
        }
        return null;
    }
}
