import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";
import "./tokenbroker.css";

import { AdminUi, KeycloakProvider, routes } from "@keycloak/keycloak-admin-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createHashRouter, RouterProvider } from "react-router-dom";
import { readEnvironment } from "./environment";
import { createI18n } from "./i18n";
import { TokenBrokerNav } from "./nav/TokenBrokerNav";
import { tokenBrokerRoutes } from "./routes";

const environment = readEnvironment();
await createI18n(environment).init();

// The stock console, unchanged (its layout, navigation and every built-in route), with our routes
// added to the same router so our pages render inside its layout, contexts and access checks.
const router = createHashRouter([
  {
    path: "/",
    element: (
      <KeycloakProvider environment={environment}>
        <AdminUi />
        <TokenBrokerNav />
      </KeycloakProvider>
    ),
    children: [...tokenBrokerRoutes, ...routes],
  },
]);

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
