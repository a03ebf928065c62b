import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

type Message = { key: string; value: string };

// The stock console's set-up: the built-in pages translate through react-i18next's shared instance,
// so it must be initialised exactly like keycloak.v2 does (messages served by the realm's admin theme,
// which includes ours).
export function createI18n(environment: AdminEnvironment) {
  const base = environment.adminBaseUrl.replace(/\/+$/, "");
  const i18n = createInstance({
    fallbackLng: "en",
    keySeparator: ".",
    nsSeparator: false,
    interpolation: { escapeValue: false },
    defaultNS: [environment.realm],
    ns: [environment.realm],
    backend: {
      loadPath: `${base}/resources/{{ns}}/admin/{{lng}}`,
      parse: (data: string) =>
        Object.fromEntries((JSON.parse(data) as Message[]).map(({ key, value }) => [key, value])),
    },
  });
  i18n.use(FetchBackend);
  i18n.use(initReactI18next);
  return i18n;
}
