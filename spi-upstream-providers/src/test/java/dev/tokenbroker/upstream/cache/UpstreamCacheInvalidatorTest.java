package dev.tokenbroker.upstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

import dev.tokenbroker.upstream.cache.UpstreamCacheDrop.Target;

/** Which Keycloak events revoke cached platform tokens, one test per branch. */
class UpstreamCacheInvalidatorTest {

    private final List<UpstreamCacheDrop> published = new ArrayList<>();
    private final Set<String> enabledUsers = Set.of("alice");
    private final UpstreamCacheInvalidator invalidator = new UpstreamCacheInvalidator(new UpstreamCacheInvalidator.Accounts() {
        @Override
        public boolean userEnabled(String realmId, String userId) {
            return enabledUsers.contains(userId);
        }

        @Override
        public String disabledClientId(String realmId, String clientUuid) {
            return clientUuid.equals("uuid-of-claude") ? "claude-desktop" : null;
        }
    }, published::add);

    @Test
    void whenUserLogsOutThenHerSessionIsDropped() {
        Event logout = new Event();
        logout.setType(EventType.LOGOUT);
        logout.setRealmId("realm");
        logout.setSessionId("session-1");

        invalidator.onEvent(logout);

        assertThat(published).containsExactly(new UpstreamCacheDrop("realm", Target.USER_SESSION, "session-1"));
    }

    @Test
    void whenOtherUserEventThenNothingIsDropped() {
        Event login = new Event();
        login.setType(EventType.LOGIN);
        login.setRealmId("realm");
        login.setSessionId("session-1");

        invalidator.onEvent(login);

        assertThat(published).isEmpty();
    }

    @Test
    void whenAdminLogsTheUserOutThenAllHerTokensAreDropped() {
        invalidator.onEvent(admin(ResourceType.USER, OperationType.ACTION, "users/alice/logout"), false);

        assertThat(published).containsExactly(new UpstreamCacheDrop("realm", Target.USER, "alice"));
    }

    @Test
    void whenUserDeletedThenAllHerTokensAreDropped() {
        invalidator.onEvent(admin(ResourceType.USER, OperationType.DELETE, "users/alice"), false);

        assertThat(published).containsExactly(new UpstreamCacheDrop("realm", Target.USER, "alice"));
    }

    @Test
    void whenUserUpdatedAndNowDisabledThenAllHerTokensAreDropped() {
        invalidator.onEvent(admin(ResourceType.USER, OperationType.UPDATE, "users/bob"), false);

        assertThat(published).containsExactly(new UpstreamCacheDrop("realm", Target.USER, "bob"));
    }

    @Test
    void whenUserUpdatedAndStillEnabledThenNothingIsDropped() {
        invalidator.onEvent(admin(ResourceType.USER, OperationType.UPDATE, "users/alice"), false);

        assertThat(published).isEmpty();
    }

    @Test
    void whenAdminDeletesASessionThenThatSessionIsDropped() {
        invalidator.onEvent(admin(ResourceType.USER_SESSION, OperationType.DELETE, "sessions/session-1"), false);

        assertThat(published).containsExactly(new UpstreamCacheDrop("realm", Target.USER_SESSION, "session-1"));
    }

    @Test
    void whenClientUpdatedAndNowDisabledThenItsTokensAsActorAreDropped() {
        invalidator.onEvent(admin(ResourceType.CLIENT, OperationType.UPDATE, "clients/uuid-of-claude"), false);

        assertThat(published).containsExactly(new UpstreamCacheDrop("realm", Target.ACTOR, "claude-desktop"));
    }

    @Test
    void whenClientUpdatedAndStillEnabledThenNothingIsDropped() {
        invalidator.onEvent(admin(ResourceType.CLIENT, OperationType.UPDATE, "clients/uuid-of-cursor"), false);

        assertThat(published).isEmpty();
    }

    @Test
    void whenAClientSubResourceChangesThenNothingIsDropped() {
        invalidator.onEvent(admin(ResourceType.CLIENT, OperationType.UPDATE, "clients/uuid-of-claude/roles/x"), false);

        assertThat(published).isEmpty();
    }

    @Test
    void whenTheResourcePathIsTooShortOrAbsentThenNothingIsDropped() {
        invalidator.onEvent(admin(ResourceType.USER, OperationType.DELETE, "users"), false);
        invalidator.onEvent(admin(ResourceType.USER, OperationType.DELETE, null), false);

        assertThat(published).isEmpty();
    }

    private static AdminEvent admin(ResourceType type, OperationType operation, String path) {
        AdminEvent event = new AdminEvent();
        event.setRealmId("realm");
        event.setResourceType(type);
        event.setOperationType(operation);
        event.setResourcePath(path);
        return event;
    }
}
