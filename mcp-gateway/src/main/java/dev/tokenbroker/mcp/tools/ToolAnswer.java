package dev.tokenbroker.mcp.tools;

import java.util.Map;

/** A tool's success: a line for the model to read and the same facts as structured content. */
public record ToolAnswer(String text, Map<String, Object> structured) {
}
