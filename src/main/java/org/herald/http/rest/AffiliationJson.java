package org.herald.http.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.herald.domain.AffiliationEntry;

/** An affiliation (XEP-0060 §4.1): at a node, the JID holding it; in one's own list, the node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AffiliationJson(String node, String jid, String affiliation) {

    static AffiliationJson atNode(AffiliationEntry e) {
        return new AffiliationJson(null, e.jid().toString(), e.affiliation().wire());
    }

    static AffiliationJson own(AffiliationEntry e) {
        return new AffiliationJson(e.node(), null, e.affiliation().wire());
    }

    /** A list of affiliations, as GET answers and PATCH takes. */
    public record Listing(List<AffiliationJson> affiliations) {
    }
}
