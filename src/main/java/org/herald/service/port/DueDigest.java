package org.herald.service.port;

import org.herald.domain.Subscription;

/**
 * A digest subscription whose period has passed, claimed for this transaction: the items of its node published
 * after {@code afterSeq} (the store's publication order) are the ones its digest has not carried yet.
 */
public record DueDigest(Subscription subscription, long afterSeq) {
}
