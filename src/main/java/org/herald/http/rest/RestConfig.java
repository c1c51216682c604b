package org.herald.http.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The REST API's own limits (docs/http-api.md, "README additions"). */
@ConfigMapping(prefix = "herald.http.rest")
public interface RestConfig {

    /** Items per page of GET .../items when the request names no limit. */
    @WithDefault("20")
    int defaultPageSize();

    /** The largest page a request may ask for; a node's pubsub#max_items caps it further. */
    @WithDefault("100")
    int maxPageSize();

    /** The deepest element nesting accepted in an XML or Atom payload. */
    @WithDefault("32")
    int maxXmlDepth();
}
