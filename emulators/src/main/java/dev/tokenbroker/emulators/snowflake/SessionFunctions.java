package dev.tokenbroker.emulators.snowflake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The only SQL the emulator runs: {@code SELECT} of session context functions, which is what proves
 * whom a bearer token acted as — {@code CURRENT_USER()}, {@code CURRENT_ROLE()},
 * {@code CURRENT_AVAILABLE_ROLES()}.
 */
record SessionFunctions(List<String> columns) {

    private static final Pattern SELECT = Pattern.compile("(?is)\\s*SELECT\\s+(.+?)\\s*;?\\s*");
    private static final List<String> KNOWN = List.of("CURRENT_USER()", "CURRENT_ROLE()", "CURRENT_AVAILABLE_ROLES()");

    /** Empty when the statement is anything else. */
    static Optional<SessionFunctions> parse(String statement) {
        Matcher m = SELECT.matcher(statement);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>();
        for (String expression : m.group(1).split(",")) {
            String normalized = expression.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
            if (!KNOWN.contains(normalized)) {
                return Optional.empty();
            }
            columns.add(normalized);
        }
        return Optional.of(new SessionFunctions(columns));
    }

    List<String> evaluate(SnowflakeSession session) {
        return columns.stream().map(column -> switch (column) {
            case "CURRENT_USER()" -> session.user().loginName().toUpperCase(Locale.ROOT);
            case "CURRENT_ROLE()" -> session.role();
            case "CURRENT_AVAILABLE_ROLES()" -> Stream.concat(session.user().roles().stream(),
                            Stream.of(SnowflakeUser.PUBLIC)).distinct()
                    .map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"));
            default -> throw new IllegalStateException(column);
        }).toList();
    }
}
