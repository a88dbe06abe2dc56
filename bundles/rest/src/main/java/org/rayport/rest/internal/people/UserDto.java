package org.rayport.rest.internal.people;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonProperty.Access;

/**
 * A user on the wire. {@code mail} is one string of semicolon separated addresses, as administrators type it;
 * {@code password} is only ever read, {@code mustChangePassword} only ever written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserDto(
        String id,
        String name,
        @JsonProperty(access = Access.WRITE_ONLY) String password,
        Boolean enabled,
        String mail,
        List<String> roles,
        Map<String, String> options,
        @JsonProperty(access = Access.READ_ONLY) Boolean mustChangePassword) {

    @Override
    public String toString() {
        return "UserDto[id=" + id + "]";
    }
}
