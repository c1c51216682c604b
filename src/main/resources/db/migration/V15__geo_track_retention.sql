-- Track retention (issue #7): the prune finds points past the service's horizon by receive time.
CREATE INDEX geo_track_received_ix ON geo_track (received);
