package dev.tokenbroker.emulators.databricks;

/**
 * Whom an issued Databricks token acts as.
 *
 * @param userName          the Databricks user name, or the service principal's application id
 * @param servicePrincipal  true for workload identity federation
 */
public record DatabricksPrincipal(String userName, boolean servicePrincipal) {
}
