package org.herald.service;

import java.util.Set;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.service.config.ServiceLimits;

/**
 * Service-wide policy, set by the operator.
 *
 * @param defaults the default node configuration (§8.3), before a creator's form is applied
 * @param limits ceilings no node may exceed
 * @param admins bare JIDs treated as owner of every node
 * @param creatorDomains domains whose users may create nodes; empty means anyone the XMPP server routes to us
 */
public record ServiceSettings(NodeConfig defaults, ServiceLimits limits, Set<Jid> admins, Set<String> creatorDomains) {
    public ServiceSettings {
        admins = Set.copyOf(admins);
        creatorDomains = Set.copyOf(creatorDomains);
    }

    public boolean isAdmin(Jid jid) {
        return admins.contains(jid.bare());
    }

    public boolean mayCreate(Jid jid) {
        return isAdmin(jid) || creatorDomains.isEmpty() || creatorDomains.contains(jid.domain());
    }
}
