package dev.tokenbroker.mcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Columns and rows of a SQL answer, whichever platform's format it came in. */
record QueryResult(List<String> columns, List<List<String>> rows) {

    static QueryResult of(JsonNode columnNodes, String nameField, JsonNode rowNodes) {
        List<String> columns = new ArrayList<>();
        columnNodes.forEach(c -> columns.add(c.path(nameField).asText()));
        List<List<String>> rows = new ArrayList<>();
        rowNodes.forEach(r -> {
            List<String> row = new ArrayList<>();
            r.forEach(v -> row.add(v.isNull() ? null : v.asText()));
            rows.add(row);
        });
        return new QueryResult(List.copyOf(columns), List.copyOf(rows));
    }

    ToolAnswer answer(String platform) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("platform", platform);
        structured.put("columns", columns);
        structured.put("rows", rows);
        StringBuilder text = new StringBuilder(platform).append(": ").append(String.join(" | ", columns));
        rows.forEach(r -> text.append("\n").append(String.join(" | ", r.stream().map(String::valueOf).toList())));
        return new ToolAnswer(text.toString(), structured);
    }
}
