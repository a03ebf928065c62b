import type { routes } from "@keycloak/keycloak-admin-ui";
import { AgentsPage } from "./agents/AgentsPage";
import { DelegationPage } from "./agents/DelegationPage";
import { AuditPage } from "./audit/AuditPage";
import { DryRunPage } from "./dryrun/DryRunPage";
import { PolicyPage } from "./policy/PolicyPage";
import { UpstreamForm } from "./upstreams/UpstreamForm";
import { UpstreamsPage } from "./upstreams/UpstreamsPage";

// The package exports the console's routes but not their type's name.
type AppRouteObject = (typeof routes)[number];

export const SECTION = "token-broker";

/** The section's pages, in navigation order (the nav lists those with a title). */
export const pages = [
  { path: "upstreams", title: "Upstreams" },
  { path: "policy", title: "Policy" },
  { path: "dry-run", title: "Dry run" },
  { path: "audit", title: "Audit" },
  { path: "agents", title: "Agents" },
] as const;

export const toPage = (realm: string, path: string) => `/${encodeURIComponent(realm)}/${SECTION}/${path}`;

// Reading needs view-realm (the stock layout shows its "forbidden" page otherwise); the REST API
// enforces manage-realm on every change, whatever the page shows.
const route = (path: string, title: string, element: JSX.Element): AppRouteObject => ({
  path: `/:realm/${SECTION}/${path}`,
  element,
  handle: { access: "view-realm", breadcrumb: () => title },
});

export const tokenBrokerRoutes: AppRouteObject[] = [
  route("upstreams", "Upstreams", <UpstreamsPage />),
  route("upstreams/new", "Create upstream", <UpstreamForm />),
  route("upstreams/:id", "Edit upstream", <UpstreamForm />),
  route("policy", "Policy", <PolicyPage />),
  route("dry-run", "Dry run", <DryRunPage />),
  route("audit", "Audit", <AuditPage />),
  route("agents", "Agents", <AgentsPage />),
  route("clients/:clientId/delegation", "Delegation settings", <DelegationPage />),
];
