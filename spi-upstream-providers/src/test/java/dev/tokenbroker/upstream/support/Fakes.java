package dev.tokenbroker.upstream.support;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Just enough of Keycloak's model for unit tests: a realm that knows role names, a user with
 * attributes and roles. Any other call fails loudly, so a test never passes on a default.
 */
public final class Fakes {

    private Fakes() {
    }

    public static RealmModel realmWithRoles(String... names) {
        Set<String> roles = Set.of(names);
        return proxy(RealmModel.class, (method, args) -> switch (method) {
            case "getRole" -> roles.contains((String) args[0]) ? role((String) args[0]) : null;
            default -> throw new UnsupportedOperationException("RealmModel." + method);
        });
    }

    public static UserModel user(Map<String, String> attributes, String... roleNames) {
        Set<String> roles = Set.of(roleNames);
        return proxy(UserModel.class, (method, args) -> switch (method) {
            case "getFirstAttribute" -> attributes.get((String) args[0]);
            case "hasRole" -> roles.contains(((RoleModel) args[0]).getName());
            default -> throw new UnsupportedOperationException("UserModel." + method);
        });
    }

    private static RoleModel role(String name) {
        return proxy(RoleModel.class, (method, args) -> switch (method) {
            case "getName" -> name;
            default -> throw new UnsupportedOperationException("RoleModel." + method);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + " fake";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> answer.answer(method.getName(), args);
                }));
    }
}
