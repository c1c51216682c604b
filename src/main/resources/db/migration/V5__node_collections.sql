-- XEP-0248 collection nodes: the node graph as child -> collection links. One row per link, so a node may sit in
-- several collections (pubsub#multi-collections) and a collection hold many children. Both ends cascade: deleting a
-- collection orphans its children (they keep their other parents, XEP-0248 "Handling Collection Node Deletion"),
-- deleting a child removes it from its collections. The service refuses cycles and leaves as parents; the
-- database only refuses a node being its own parent.
CREATE TABLE node_collections (
    node_id       text NOT NULL,
    collection_id text NOT NULL,
    -- the primary key serves "the parents of X", the step of every ancestors walk (delivery to collections)
    CONSTRAINT node_collections_pk PRIMARY KEY (node_id, collection_id),
    CONSTRAINT node_collections_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE,
    CONSTRAINT node_collections_collection_fk FOREIGN KEY (collection_id) REFERENCES nodes (id) ON DELETE CASCADE,
    CONSTRAINT node_collections_not_self_ck CHECK (node_id <> collection_id)
);
-- "the children of C" (disco#items of a collection, pubsub#children) and the cascade from a deleted collection
CREATE INDEX node_collections_collection_ix ON node_collections (collection_id);
