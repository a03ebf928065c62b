package dev.tokenbroker.it.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query of a redirect or request URI, decoded: what a client reads off an authorization redirect. */
public final class QueryParams {

    private QueryParams() {
    }

    /** Each parameter's (last) value; a parameter without {@code =} has the value "", no query none at all. */
    public static Map<String, String> of(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }
}
