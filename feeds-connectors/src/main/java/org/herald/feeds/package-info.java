/**
 * Feed ingestion, in four replaceable stages: {@code fetch} (polite, bounded, SSRF-guarded HTTP), {@code parse}
 * (Rome, XXE-safe, with our own charset decision), {@code normalise} (one entry record, an Atom entry as the pubsub
 * payload) and {@code cursor} (which entries are new or edited). No Quarkus, no database: the service schedules,
 * stores cursors and publishes.
 */
package org.herald.feeds;
