package dev.tokenbroker.admin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.util.JsonSerialization;

/**
 * The answers every broker admin resource gives besides success, in one shape
 * ({@code {"error": ..., ...}}): field errors, not found, unreadable bodies. Thrown as
 * {@link WebApplicationException}s carrying their entity, which Keycloak sends as they are.
 */
public final class AdminAnswers {

    public static final String INVALID_FIELD = "invalid_field";
    public static final String NOT_FOUND = "not_found";
    public static final String INVALID_JSON = "invalid_json";

    private AdminAnswers() {
    }

    /** 400 {@code {"error":"invalid_field","fields":[{"field","message"}]}}. */
    public static WebApplicationException invalidFields(List<FieldError> fields) {
        return new WebApplicationException(json(Response.Status.BAD_REQUEST, Map.of("error", INVALID_FIELD, "fields", fields)));
    }

    public static WebApplicationException invalidField(String field, String message) {
        return invalidFields(List.of(new FieldError(field, message)));
    }

    /** 404 {@code {"error":"not_found"}}. */
    public static WebApplicationException notFound() {
        return new WebApplicationException(json(Response.Status.NOT_FOUND, Map.of("error", NOT_FOUND)));
    }

    /**
     * The request body as {@code type}; a body that is not JSON of that shape is the caller's
     * mistake (400), never the server's.
     */
    public static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw malformed("a JSON body is required");
        }
        try {
            T value = JsonSerialization.readValue(body, type);
            if (value == null) {
                throw malformed("a JSON body is required");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("the body is not valid JSON of the expected shape");
        }
    }

    private static WebApplicationException malformed(String message) {
        return new WebApplicationException(json(Response.Status.BAD_REQUEST, Map.of("error", INVALID_JSON, "message", message)));
    }

    public static Response json(Response.Status status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
    }
}
