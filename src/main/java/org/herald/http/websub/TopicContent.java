package org.herald.http.websub;

import java.util.List;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;

/**
 * The body of a content distribution request (W3C WebSub §7: the hub sends the new content of the topic in the
 * topic's own format). Implementations render only the items given, the ones just published.
 */
public interface TopicContent {

    /** A feed document in {@code format} holding {@code items}; {@code selfUrl} is the topic it is an update of. */
    String render(Node node, List<StoredItem> items, FeedFormat format, String selfUrl, String hubUrl);
}
