package dev.tokenbroker.tool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tokenbroker.exchange.Echo;
import dev.tokenbroker.exchange.ExchangeRequest;

/**
 * The {@code authorization_details} request parameter (RFC 9396 §2): a JSON array of objects, each
 * with a string {@code type}. The broker knows one type, {@value ToolInvocation#TYPE}; RFC 9396 §5 has
 * the server refuse unknown types and elements that do not conform to their type's definition, so
 * parsing is strict: an element carries exactly the members its type defines.
 *
 * <p>One exchange serves one tool call, so at most one {@code tool_invocation} element is accepted.
 */
public final class AuthorizationDetails {

    /** The request parameter and the token claim (RFC 9396 §2, §9). */
    public static final String PARAMETER = "authorization_details";
    /** Far more than a few tool invocations need; bounds parsing work on hostile input. */
    static final int MAX_LENGTH = 4096;
    static final int MAX_ELEMENTS = 8;
    /** Tool names are identifiers (e.g. {@code databricks_mcp.query}), not prose. */
    private static final int MAX_TOOL_LENGTH = 128;
    private static final int MAX_SERVER_LENGTH = 512;

    private static final AuthorizationDetails NONE = new AuthorizationDetails(List.of(), null);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ToolInvocation> elements;
    private final ToolInvocation tool;

    private AuthorizationDetails(List<ToolInvocation> elements, ToolInvocation tool) {
        this.elements = elements;
        this.tool = tool;
    }

    public static AuthorizationDetails none() {
        return NONE;
    }

    /**
     * Parses the parameter's value; {@code null} or blank is none.
     *
     * @throws InvalidAuthorizationDetailsException naming the first problem, for {@code invalid_authorization_details}
     */
    public static AuthorizationDetails parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidAuthorizationDetailsException("authorization_details is longer than " + MAX_LENGTH + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidAuthorizationDetailsException("authorization_details is not valid JSON");
        }
        if (root == null || !root.isArray()) {
            throw new InvalidAuthorizationDetailsException("authorization_details must be a JSON array of objects");
        }
        if (root.isEmpty()) {
            throw new InvalidAuthorizationDetailsException("authorization_details must not be an empty array");
        }
        if (root.size() > MAX_ELEMENTS) {
            throw new InvalidAuthorizationDetailsException("authorization_details has more than " + MAX_ELEMENTS + " elements");
        }
        List<ToolInvocation> elements = new ArrayList<>();
        for (JsonNode element : root) {
            elements.add(element(element));
        }
        if (elements.size() > 1) {
            throw new InvalidAuthorizationDetailsException("at most one " + ToolInvocation.TYPE + " per exchange: one exchange serves one tool call");
        }
        return new AuthorizationDetails(List.copyOf(elements), elements.get(0));
    }

    private static ToolInvocation element(JsonNode element) {
        if (!element.isObject()) {
            throw new InvalidAuthorizationDetailsException("each authorization_details element must be a JSON object");
        }
        JsonNode type = element.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new InvalidAuthorizationDetailsException("each authorization_details element needs a string type");
        }
        if (!ToolInvocation.TYPE.equals(type.asText())) {
            throw new InvalidAuthorizationDetailsException("unknown authorization_details type " + Echo.of(type.asText()));
        }
        return toolInvocation(element);
    }

    private static ToolInvocation toolInvocation(JsonNode element) {
        for (Iterator<String> names = element.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("type", ToolInvocation.TOOL, ToolInvocation.SERVER).contains(name)) {
                throw new InvalidAuthorizationDetailsException(ToolInvocation.TYPE + " has no member " + Echo.of(name));
            }
        }
        JsonNode tool = element.get(ToolInvocation.TOOL);
        if (tool == null || !tool.isTextual() || tool.asText().isBlank()) {
            throw new InvalidAuthorizationDetailsException(ToolInvocation.TYPE + " needs a string tool");
        }
        if (tool.asText().length() > MAX_TOOL_LENGTH || !printable(tool.asText())) {
            throw new InvalidAuthorizationDetailsException(ToolInvocation.TYPE + " tool must be at most " + MAX_TOOL_LENGTH
                    + " printable characters");
        }
        JsonNode server = element.get(ToolInvocation.SERVER);
        if (server == null || server.isNull()) {
            return new ToolInvocation(tool.asText(), null);
        }
        if (!server.isTextual() || !ExchangeRequest.isAbsoluteUriWithoutFragment(server.asText()) || server.asText().length() > MAX_SERVER_LENGTH) {
            throw new InvalidAuthorizationDetailsException(ToolInvocation.TYPE + " server must be an absolute URI");
        }
        return new ToolInvocation(tool.asText(), server.asText());
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** The tool invocation, or {@code null} when the request named none. */
    public ToolInvocation tool() {
        return tool;
    }

    /** The types the request used, for the per-client check. */
    public Set<String> types() {
        Set<String> types = new LinkedHashSet<>();
        elements.forEach(element -> types.add(ToolInvocation.TYPE));
        return types;
    }

    /** The claim value (RFC 9396 §9): the elements as checked, in request order; {@code null} for none. */
    public List<Map<String, Object>> toClaim() {
        return elements.isEmpty() ? null : elements.stream().map(ToolInvocation::toDetail).toList();
    }

    /** The claim value as JSON, for the audit record; {@code null} for none. */
    public String toJson() {
        try {
            return elements.isEmpty() ? null : JSON.writeValueAsString(toClaim());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("authorization details not serialisable", e);
        }
    }

    private static boolean printable(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthorizationDetails other && elements.equals(other.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        return String.valueOf(toJson());
    }

    /** RFC 9396 §5 {@code invalid_authorization_details}. */
    public static final class InvalidAuthorizationDetailsException extends RuntimeException {
        public InvalidAuthorizationDetailsException(String message) {
            super(message, null, false, false);
        }
    }
}
