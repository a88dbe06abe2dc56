package org.rayport.people;

import java.util.Set;

/**
 * Users who belong together. Every group is also a chat room; its chat administrators moderate it and must be members.
 */
public record Group(String id, String name, boolean enabled, Set<String> members, Set<String> chatAdmins) {

    public Group {
        members = members == null ? Set.of() : Set.copyOf(members);
        chatAdmins = chatAdmins == null ? Set.of() : Set.copyOf(chatAdmins);
    }
}
