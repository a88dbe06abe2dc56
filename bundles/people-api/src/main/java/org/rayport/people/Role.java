package org.rayport.people;

import java.util.Locale;

/** What a user may do. An administrator may also be a user (a radiologist who runs the server). */
public enum Role {
    ADMIN, USER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equalsIgnoreCase(name)) {
                return role;
            }
        }
        throw new InvalidInputException("roles", "unknown role '" + name + "', expected admin or user");
    }
}
