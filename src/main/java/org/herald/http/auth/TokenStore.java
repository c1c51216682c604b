package org.herald.http.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.herald.domain.Jid;
import org.hibernate.reactive.mutiny.Mutiny;

/** Issued tokens in PostgreSQL ({@code http_tokens}, V8), found by the hash of the secret only. */
@ApplicationScoped
public class TokenStore {
    private static final String INSERT = """
            insert into http_tokens (id, token_hash, jid, label, created, expires)
            values (:id, :hash, :jid, :label, :created, :expires)""";
    private static final String FIND = """
            select id, jid, label, created, expires from http_tokens where token_hash = :hash""";
    private static final String LIST = """
            select id, jid, label, created, expires from http_tokens order by created, id""";
    private static final String DELETE = "delete from http_tokens where id = :id";

    private final Mutiny.SessionFactory sessions;

    TokenStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    Uni<Void> insert(IssuedToken token, byte[] hash) {
        return sessions.withTransaction(s -> s.createNativeQuery(INSERT)
                .setParameter("id", token.id())
                .setParameter("hash", hash)
                .setParameter("jid", token.jid().toString())
                .setParameter("label", token.label())
                .setParameter("created", token.created())
                .setParameter("expires", token.expires())
                .executeUpdate()).replaceWithVoid();
    }

    Uni<Optional<IssuedToken>> find(byte[] hash) {
        return sessions.withSession(s -> s.createNativeQuery(FIND, Object[].class)
                .setParameter("hash", hash)
                .getResultList()).map(rows -> rows.stream().findFirst().map(TokenStore::token));
    }

    Uni<List<IssuedToken>> list() {
        return sessions.withSession(s -> s.createNativeQuery(LIST, Object[].class).getResultList())
                .map(rows -> rows.stream().map(TokenStore::token).toList());
    }

    /** True when a token with that id existed. */
    Uni<Boolean> delete(String id) {
        return sessions.withTransaction(s -> s.createNativeQuery(DELETE).setParameter("id", id).executeUpdate())
                .map(n -> n > 0);
    }

    private static IssuedToken token(Object[] row) {
        return new IssuedToken((String) row[0], Jid.parse((String) row[1]), (String) row[2], instant(row[3]), instant(row[4]));
    }

    private static Instant instant(Object o) {
        if (o == null) return null;
        if (o instanceof Instant i) return i;
        if (o instanceof java.time.OffsetDateTime t) return t.toInstant();
        if (o instanceof java.sql.Timestamp t) return t.toInstant();
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
