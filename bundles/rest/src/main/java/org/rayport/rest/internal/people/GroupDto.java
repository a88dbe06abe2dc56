package org.rayport.rest.internal.people;

import java.util.List;

public record GroupDto(String id, String name, Boolean enabled, List<String> members, List<String> chatAdmins) {
}
