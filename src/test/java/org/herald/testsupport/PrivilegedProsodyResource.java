package org.herald.testsupport;

/**
 * Like {@link ProsodyResource}, with Herald's component privileged through mod_privilege (XEP-0356): it may read
 * users' rosters and receives the presence of users and their contacts.
 */
public class PrivilegedProsodyResource extends ProsodyResource {
    @Override
    protected Prosody launch() {
        return Prosody.builder(DOMAIN).components(COMPONENT, SPARE_COMPONENT)
                .privileged(COMPONENT, "get", "roster")
                .start();
    }
}
