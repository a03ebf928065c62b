package dev.tokenbroker.emulators.fault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenbroker.emulators.AcmeDemo;
import dev.tokenbroker.emulators.databricks.DatabricksEmulator;
import dev.tokenbroker.emulators.http.PlatformEmulator;
import dev.tokenbroker.emulators.support.EmulatorFixture;
import dev.tokenbroker.emulators.support.Wire;
import dev.tokenbroker.emulators.support.XmlBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    @RegisterExtension
    static final EmulatorFixture fixture = new EmulatorFixture();
    private final DatabricksEmulator databricks = fixture.server().databricks();

    private Map<String, String> validExchange() {
        return Wire.tokenExchangeForm(fixture.token(AcmeDemo.DATABRICKS_AUDIENCE).subject(AcmeDemo.ALICE_EMAIL).sign(),
                "scope", "all-apis");
    }

    private HttpRequest exchangeRequest(Duration timeout) {
        return Wire.formRequest(databricks.workspaceTokenUri(), validExchange(), timeout);
    }

    @Test
    void whenStatusInjectedForTwoCallsThenTwoFaultyAnswersThenHonestOne() {
        databricks.faults().next(2, Fault.respond(503, "text/html", "<html>Service Unavailable</html>"));

        HttpResponse<String> first = Wire.postForm(databricks.workspaceTokenUri(), validExchange());
        HttpResponse<String> second = Wire.postForm(databricks.workspaceTokenUri(), validExchange());
        HttpResponse<String> third = Wire.postForm(databricks.workspaceTokenUri(), validExchange());

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).isEqualTo("<html>Service Unavailable</html>");
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(databricks.calls()).isEqualTo(3);
        assertThat(databricks.received()).extracting(r -> r.outcome().error())
                .containsExactly("fault:status-503", "fault:status-503", null);
    }

    @Test
    void whenFaultInjectedUntilClearedThenEveryCallFaultyUntilCleared() {
        databricks.faults().always(Fault.respond(429, "application/json", "{\"error\":\"rate_limited\"}"));

        for (int i = 0; i < 3; i++) {
            assertThat(Wire.postForm(databricks.workspaceTokenUri(), validExchange()).statusCode()).isEqualTo(429);
        }
        databricks.faults().clear();

        assertThat(Wire.postForm(databricks.workspaceTokenUri(), validExchange()).statusCode()).isEqualTo(200);
    }

    @Test
    void whenMalformedInjectedThenJsonPlatformsAnswerUnparseableJson() {
        for (PlatformEmulator<?> emulator : new PlatformEmulator<?>[] {
                fixture.server().databricks(), fixture.server().gcpSts(), fixture.server().snowflake(),
                fixture.server().rfc8693()}) {
            emulator.faults().next(1, Fault.malformedBody());
            URI target = emulator.baseUri().resolve(emulator.contextPaths().get(0) + "/anything");

            HttpResponse<String> response = Wire.postForm(target, Map.of("a", "b"));

            assertThat(response.statusCode()).as(emulator.name()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThatThrownBy(() -> new ObjectMapper().readTree(response.body()))
                    .as(emulator.name()).isInstanceOf(JsonProcessingException.class);
            assertThat(emulator.lastReceived().error()).isEqualTo("fault:malformed");
        }
    }

    @Test
    void whenMalformedInjectedThenStsAnswersTruncatedXml() {
        fixture.server().awsSts().faults().next(1, Fault.malformedBody());

        HttpResponse<String> response = Wire.postForm(fixture.server().awsSts().endpoint(), Map.of("Action", "x"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("<AssumeRoleWithWebIdentityResponse");
        assertThatThrownBy(() -> XmlBody.parse(response.body())).isInstanceOf(SAXException.class);
    }

    @Test
    void whenDelayLongerThanClientTimeoutThenClientTimesOut() throws Exception {
        databricks.faults().next(1, Fault.delay(Duration.ofMillis(800)));

        assertThatThrownBy(() -> Wire.sendRaw(exchangeRequest(Duration.ofMillis(200))))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(databricks.calls()).isEqualTo(1);
        // Let the delayed handler finish, so its record cannot leak into another test.
        await(() -> databricks.received().size() == 1);
        assertThat(databricks.lastReceived().status()).isEqualTo(200);
    }

    @Test
    void whenDelayShorterThanClientTimeoutThenHonestAnswerAfterDelay() throws Exception {
        databricks.faults().next(1, Fault.delay(Duration.ofMillis(300)));
        Instant before = Instant.now();

        HttpResponse<String> response = Wire.sendRaw(exchangeRequest(Duration.ofSeconds(5)));

        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void whenCloseInjectedThenConnectionDroppedWithoutAnswer() throws Exception {
        databricks.faults().next(1, Fault.closeConnection());

        assertThatThrownBy(() -> Wire.sendRaw(exchangeRequest(Duration.ofSeconds(5)))).isInstanceOf(IOException.class);

        assertThat(databricks.lastReceived().status()).isZero();
        assertThat(databricks.lastReceived().error()).isEqualTo("fault:close");
        assertThat(Wire.sendRaw(exchangeRequest(Duration.ofSeconds(5))).statusCode()).isEqualTo(200);
    }

    @Test
    void whenResetThenFaultsAndRecordingsCleared() {
        databricks.faults().always(Fault.closeConnection());
        assertThatThrownBy(() -> Wire.postForm(databricks.workspaceTokenUri(), Map.of("grant_type", "x")))
                .hasCauseInstanceOf(IOException.class);

        databricks.reset();

        assertThat(databricks.calls()).isZero();
        assertThat(databricks.received()).isEmpty();
        assertThat(Wire.postForm(databricks.workspaceTokenUri(), validExchange()).statusCode()).isEqualTo(200);
    }

    /** Polls with a deadline instead of sleeping a fixed time. */
    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 5 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
