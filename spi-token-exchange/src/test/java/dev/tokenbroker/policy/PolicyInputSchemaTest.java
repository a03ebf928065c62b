package dev.tokenbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The input every engine sees is what {@code policy/input.schema.json} documents, both ways: every
 * field written is in the schema with its type, and every field the schema names is written when
 * the exchange has it. A small checker of the keywords the schema uses (type, required, properties,
 * additionalProperties, items, enum, minimum) keeps the build free of a schema library.
 */
class PolicyInputSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schema() throws IOException {
        return JSON.readTree(Files.readString(Path.of("../policy/input.schema.json")));
    }

    private static JsonNode written(PolicyInput input) throws IOException {
        return JSON.readTree(input.toJson());
    }

    @Test
    void whenAnInputWithAToolIsWrittenThenItConformsToTheSchemaAndUsesEveryField() throws IOException {
        JsonNode input = written(Inputs.alice());

        JsonNode schema = schema();
        assertThat(violations(schema, input, "input")).isEmpty();
        List<String> documented = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(documented::add);
        List<String> writtenNames = new ArrayList<>();
        input.fieldNames().forEachRemaining(writtenNames::add);
        assertThat(writtenNames).containsExactlyInAnyOrderElementsOf(documented);
        assertThat(input.get("time").asText()).isEqualTo("2026-12-02T10:00:00Z");
    }

    @Test
    void whenAnInputWithoutToolForALocalAudienceIsWrittenThenItConformsToo() throws IOException {
        PolicyInput alice = Inputs.withoutTool(Inputs.alice());
        PolicyInput local = new PolicyInput(alice.correlationId(), alice.time(), alice.realm(), "delegation", alice.requestingClient(),
                null, alice.user(), alice.actorChain(), alice.authorizationDetails(), PolicyInput.Target.audiences(List.of("analytics-mcp")),
                alice.scopes(), alice.lifetimeSeconds());

        JsonNode input = written(local);

        assertThat(violations(schema(), input, "input")).isEmpty();
        assertThat(input.has("tool")).isFalse();
        assertThat(input.get("target").get("audience").get(0).asText()).isEqualTo("analytics-mcp");
    }

    @Test
    void whenTheCheckerMeetsAWrongInputThenItSaysWhere() throws IOException {
        JsonNode wrong = JSON.readTree("{\"version\":2,\"user\":{\"id\":1},\"extra\":true}");

        assertThat(violations(schema(), wrong, "input")).contains("input.version: not in [1]", "input.user.id: not a string",
                "input.extra: not allowed", "input.user: missing username", "input: missing realm");
    }

    private static List<String> violations(JsonNode schema, JsonNode value, String at) {
        List<String> found = new ArrayList<>();
        String type = schema.path("type").asText(null);
        if (type != null && !hasType(value, type)) {
            found.add(at + ": not a" + (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "n " : " ") + type);
            return found;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                found.add(at + ": not in " + schema.get("enum"));
            }
        }
        if (schema.has("minimum") && value.isNumber() && value.asLong() < schema.get("minimum").asLong()) {
            found.add(at + ": below minimum");
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    found.add(at + ": missing " + required.asText());
                }
            }
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode property = schema.path("properties").get(name);
                JsonNode additional = schema.get("additionalProperties");
                if (property != null) {
                    found.addAll(violations(property, value.get(name), at + "." + name));
                } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                    found.add(at + "." + name + ": not allowed");
                } else if (additional != null && additional.isObject()) {
                    found.addAll(violations(additional, value.get(name), at + "." + name));
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                found.addAll(violations(schema.get("items"), value.get(i), at + "[" + i + "]"));
            }
        }
        return found;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalArgumentException("checker does not know type " + type);
        };
    }
}
