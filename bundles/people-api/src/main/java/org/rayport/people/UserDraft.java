package org.rayport.people;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an administrator writes when adding or editing a user.
 *
 * @param password the new password, or null to keep the current one when editing. A password set here must be
 *                 changed by the user at the next login.
 */
public record UserDraft(String id, String name, String password, boolean enabled, List<String> mail, Set<Role> roles,
                        Map<String, String> options) {

    public UserDraft {
        mail = mail == null ? List.of() : List.copyOf(mail);
        roles = roles == null || roles.isEmpty() ? Set.of(Role.USER) : Set.copyOf(roles);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    @Override
    public String toString() {
        return "UserDraft[id=" + id + ", name=" + name + ", enabled=" + enabled + ", roles=" + roles + "]";
    }
}
