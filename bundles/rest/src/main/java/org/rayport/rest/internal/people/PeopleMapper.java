package org.rayport.rest.internal.people;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.rayport.people.Group;
import org.rayport.people.Role;
import org.rayport.people.User;
import org.rayport.people.UserDraft;

/** Between the people service's types and the JSON the API speaks. */
final class PeopleMapper {

    private PeopleMapper() {
    }

    static UserDto toDto(User user) {
        List<String> roles = user.roles().stream().map(Role::wireName).sorted().toList();
        return new UserDto(user.id(), user.name(), null, user.enabled(), String.join(";", user.mail()), roles,
                new TreeMap<>(user.options()), user.mustChangePassword());
    }

    /** @param id the ID from the path when editing, which wins over the body's */
    static UserDraft toDraft(UserDto dto, String id) {
        Set<Role> roles = new LinkedHashSet<>();
        if (dto.roles() != null) {
            dto.roles().forEach(name -> roles.add(Role.fromWireName(name)));
        }
        List<String> mail = dto.mail() == null ? List.of() : Arrays.asList(dto.mail().split(";"));
        return new UserDraft(id != null ? id : dto.id(), dto.name(), dto.password(),
                dto.enabled() == null || dto.enabled(), mail, roles, dto.options());
    }

    static GroupDto toDto(Group group) {
        return new GroupDto(group.id(), group.name(), group.enabled(), sorted(group.members()),
                sorted(group.chatAdmins()));
    }

    static Group toGroup(GroupDto dto, String id) {
        return new Group(id != null ? id : dto.id(), dto.name(), dto.enabled() == null || dto.enabled(),
                dto.members() == null ? Set.of() : new LinkedHashSet<>(dto.members()),
                dto.chatAdmins() == null ? Set.of() : new LinkedHashSet<>(dto.chatAdmins()));
    }

    private static List<String> sorted(Set<String> ids) {
        List<String> list = new ArrayList<>(ids);
        list.sort(null);
        return list;
    }
}
