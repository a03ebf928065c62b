import { useEnvironment } from "@keycloak/keycloak-admin-ui";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { NavLink, useLocation } from "react-router-dom";
import { pages, SECTION, toPage } from "../routes";

const SIDEBAR_NAV = ".keycloak__page_nav__nav nav.pf-v5-c-nav";

/**
 * The "Token Broker" group of the sidebar. The stock navigation (PageNav) has no extension point
 * for pages that are not declarative-UI components, and re-implementing it would drift from the
 * stock one (its access and feature checks). So the stock sidebar stays as it is and our group is
 * rendered into it through a portal, as its last section, with the stock markup and classes.
 */
export const TokenBrokerNav = () => {
  const { environment } = useEnvironment();
  const { pathname } = useLocation();
  const target = useSidebarNav();
  const realm = decodeURIComponent(pathname.split("/")[1] || "") || environment.realm;

  if (!target) return null;
  return createPortal(
    <section className="pf-v5-c-nav__section" aria-labelledby="nav-token-broker" data-testid="nav-token-broker">
      <h2 className="pf-v5-c-nav__section-title" id="nav-token-broker">
        Token Broker
      </h2>
      <ul className="pf-v5-c-nav__list" role="list">
        {pages.map(({ path, title }) => (
          <li className="pf-v5-c-nav__item" key={path}>
            <NavLink
              id={`nav-item-${SECTION}-${path}`}
              to={toPage(realm, path)}
              className={({ isActive }) => `pf-v5-c-nav__link${isActive ? " pf-m-current" : ""}`}
            >
              {title}
            </NavLink>
          </li>
        ))}
      </ul>
    </section>,
    target,
  );
};

/**
 * A container of ours, kept as the last child of the sidebar's nav element while the stock layout
 * mounts, re-renders (sections appear once the admin's access is known) and re-mounts it.
 */
function useSidebarNav(): Element | null {
  const [container] = useState(() => {
    const div = document.createElement("div");
    div.className = "tokenbroker-nav";
    return div;
  });
  const [attached, setAttached] = useState(false);
  useEffect(() => {
    const place = () => {
      const nav = document.querySelector(SIDEBAR_NAV);
      if (nav && nav.lastElementChild !== container) nav.appendChild(container);
      setAttached(!!nav);
    };
    place();
    const observer = new MutationObserver(place);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      container.remove();
    };
  }, [container]);
  return attached ? container : null;
}
