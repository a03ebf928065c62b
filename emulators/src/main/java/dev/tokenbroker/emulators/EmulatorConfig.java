package dev.tokenbroker.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tokenbroker.emulators.aws.AwsStsConfig;
import dev.tokenbroker.emulators.databricks.DatabricksConfig;
import dev.tokenbroker.emulators.gcp.GcpStsConfig;
import dev.tokenbroker.emulators.github.GitHubConfig;
import dev.tokenbroker.emulators.http.Json;
import dev.tokenbroker.emulators.rfc8693.PartnerStsConfig;
import dev.tokenbroker.emulators.snowflake.SnowflakeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The trust configuration of all five platforms, and the GitHub-style identity provider ({@code github}:
 * the demo's when a file leaves it out). Immutable; loadable from JSON (the shape
 * {@link #toJson()} writes — {@code java -jar … --print-config} shows the demo one).
 */
public record EmulatorConfig(DatabricksConfig databricks, AwsStsConfig awsSts, GcpStsConfig gcpSts,
                             SnowflakeConfig snowflake, PartnerStsConfig rfc8693, GitHubConfig github) {

    public EmulatorConfig {
        Objects.requireNonNull(databricks, "databricks");
        Objects.requireNonNull(awsSts, "awsSts");
        Objects.requireNonNull(gcpSts, "gcpSts");
        Objects.requireNonNull(snowflake, "snowflake");
        Objects.requireNonNull(rfc8693, "rfc8693");
        github = github == null ? AcmeDemo.github() : github;
    }

    /** The demo company "acme" trusting realm {@code issuer} and the demo's corporate IdP; see {@link AcmeDemo}. */
    public static EmulatorConfig demo(URI issuer) {
        return AcmeDemo.config(issuer.toString(), AcmeDemo.DEFAULT_CORPORATE_ISSUER);
    }

    /** The demo company "acme" trusting realm {@code issuer} and, for brokered exchange, {@code corporateIssuer}. */
    public static EmulatorConfig demo(URI issuer, URI corporateIssuer) {
        return AcmeDemo.config(issuer.toString(), corporateIssuer.toString());
    }

    public static EmulatorConfig fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, EmulatorConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid emulator config: " + e.getOriginalMessage(), e);
        }
    }

    public static EmulatorConfig load(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public String toJson() {
        try {
            return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every trust of issuer {@code from}, on every platform, moves to {@code to}; trusts of other issuers stay. */
    public EmulatorConfig movingIssuer(String from, String to) {
        return new EmulatorConfig(databricks.movingIssuer(from, to),
                awsSts.provider().url().equals(from) ? awsSts.withIssuer(to) : awsSts,
                gcpSts.movingIssuer(from, to),
                snowflake.issuer().equals(from) ? snowflake.withIssuer(to) : snowflake,
                rfc8693.movingIssuer(from, to), github);
    }
}
