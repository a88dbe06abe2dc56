package org.rayport.people;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A person who logs in. The password hash never leaves the people bundle.
 *
 * @param mail e-mail addresses, in the order given
 * @param options free-form settings that clients and later features keep per user
 * @param mustChangePassword true until the user replaces a password that an administrator (or the installer) chose
 */
public record User(String id, String name, boolean enabled, List<String> mail, Set<Role> roles,
                   Map<String, String> options, boolean mustChangePassword) {

    public User {
        mail = List.copyOf(mail);
        roles = Set.copyOf(roles);
        options = Map.copyOf(options);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
