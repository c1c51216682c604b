package org.herald.service;

import java.util.Set;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.config.SubscriptionLimits;

/**
 * Service-wide policy, set by the operator.
 *
 * @param defaults the default node configuration (§8.3), before a creator's form is applied
 * @param limits ceilings no node may exceed
 * @param admins bare JIDs treated as owner of every node
 * @param creatorDomains domains whose users may create nodes; empty means anyone the XMPP server routes to us
 * @param subscriptionLimits bounds on subscription options (§6.3, §13.19)
 */
public record ServiceSettings(NodeConfig defaults, ServiceLimits limits, Set<Jid> admins, Set<String> creatorDomains,
                              SubscriptionLimits subscriptionLimits) {
    public ServiceSettings {
        admins = Set.copyOf(admins);
        creatorDomains = Set.copyOf(creatorDomains);
        java.util.Objects.requireNonNull(subscriptionLimits);
    }

    /** Settings with the default subscription limits. */
    public ServiceSettings(NodeConfig defaults, ServiceLimits limits, Set<Jid> admins, Set<String> creatorDomains) {
        this(defaults, limits, admins, creatorDomains, SubscriptionLimits.DEFAULT);
    }

    public boolean isAdmin(Jid jid) {
        return admins.contains(jid.bare());
    }

    public boolean mayCreate(Jid jid) {
        return isAdmin(jid) || creatorDomains.isEmpty() || creatorDomains.contains(jid.domain());
    }
}
