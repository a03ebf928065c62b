import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

// Keycloak renders the console's settings into the page (keycloak.v2's index.ftl, which our theme inherits).
export function readEnvironment(): AdminEnvironment {
  const text = document.getElementById("environment")?.textContent;
  if (!text) {
    throw new Error("The admin console's environment is missing from the page.");
  }
  return JSON.parse(text) as AdminEnvironment;
}
