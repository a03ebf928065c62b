package dev.tokenbroker.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ResourceIndicatorsTest {

    private static final String GATEWAY = "http://localhost:8095/mcp";
    private static final String WAREHOUSE = "https://warehouse.example/api";
    private static final Set<String> KNOWN = Set.of(GATEWAY, WAREHOUSE);

    @Test
    void absoluteUrisWithoutFragmentAreResourceIndicators() {
        assertThat(ResourceIndicators.malformed(GATEWAY)).isEmpty();
        assertThat(ResourceIndicators.malformed("urn:acme:warehouse")).isEmpty();
        assertThat(ResourceIndicators.malformed("https://api.example/v1?tenant=a")).isEmpty();
    }

    @Test
    void relativeFragmentEmptyOrUnparsableValuesAreMalformed() {
        assertThat(ResourceIndicators.malformed("/mcp")).contains("resource must be an absolute URI");
        assertThat(ResourceIndicators.malformed("localhost:8095/mcp#x")).contains("resource must not contain a fragment");
        assertThat(ResourceIndicators.malformed(GATEWAY + "#tools")).contains("resource must not contain a fragment");
        assertThat(ResourceIndicators.malformed("http://exa mple/")).contains("resource is not a URI");
        assertThat(ResourceIndicators.malformed("")).contains("resource must not be empty");
        assertThat(ResourceIndicators.malformed(null)).contains("resource must not be empty");
    }

    @Test
    void knownResourcesAreServedOneOrSeveral() {
        assertThat(ResourceIndicators.refusal(List.of(GATEWAY), KNOWN, Set.of())).isEmpty();
        assertThat(ResourceIndicators.refusal(List.of(GATEWAY, WAREHOUSE), KNOWN, Set.of())).isEmpty();
        assertThat(ResourceIndicators.refusal(List.of(), KNOWN, Set.of())).isEmpty();
    }

    @Test
    void oneUnknownResourceRefusesTheWholeRequest() {
        assertThat(ResourceIndicators.refusal(List.of(GATEWAY, "https://other.example/"), KNOWN, Set.of()))
                .contains("resource is not a resource server of this realm");
        // Matched exactly: a trailing slash or another port is another resource.
        assertThat(ResourceIndicators.refusal(List.of(GATEWAY + "/"), KNOWN, Set.of())).isPresent();
        assertThat(ResourceIndicators.refusal(List.of("http://localhost:8096/mcp"), KNOWN, Set.of())).isPresent();
    }

    @Test
    void malformedIsReportedBeforeUnknown() {
        assertThat(ResourceIndicators.refusal(List.of("mcp"), KNOWN, Set.of())).contains("resource must be an absolute URI");
    }

    @Test
    void aGrantBoundsWhatATokenRequestMayName() {
        assertThat(ResourceIndicators.refusal(List.of(GATEWAY), KNOWN, Set.of(GATEWAY))).isEmpty();
        assertThat(ResourceIndicators.refusal(List.of(WAREHOUSE), KNOWN, Set.of(GATEWAY)))
                .contains("resource was not named in the authorization request");
    }

    @Test
    void attributeValuesAreSpaceSeparated() {
        assertThat(ResourceIndicators.split(" " + GATEWAY + "  " + WAREHOUSE + " ")).containsExactlyInAnyOrder(GATEWAY, WAREHOUSE);
        assertThat(ResourceIndicators.split("  ")).isEmpty();
        assertThat(ResourceIndicators.split(null)).isEmpty();
    }
}
