package dev.tokenbroker.emulators.databricks;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** The SCIM {@code /Me} answer: enough of Databricks' shape to prove whom a token acts as. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScimMe(List<String> schemas, String id, String userName, String displayName, String applicationId,
              List<Email> emails, boolean active) {

    record Email(String type, String value, boolean primary) {
    }

    static ScimMe of(DatabricksPrincipal principal) {
        // Databricks ids are numeric; derive a stable one so repeated calls agree.
        String id = Long.toString(UUID.nameUUIDFromBytes(principal.userName().getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits() & Long.MAX_VALUE);
        if (principal.servicePrincipal()) {
            return new ScimMe(List.of("urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"), id,
                    principal.userName(), principal.userName(), principal.userName(), null, true);
        }
        return new ScimMe(List.of("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:workspace:2.0:User"), id, principal.userName(),
                principal.userName(), null, List.of(new Email("work", principal.userName(), true)), true);
    }
}
