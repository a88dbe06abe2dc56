package org.rayport.pools.internal.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonProperty.Access;

/**
 * A pool on the wire, flat: the field names are those of the pool's configuration properties, so that the API, the
 * shell's options and the web console's configuration page name things alike. Fields that do not apply to the pool's
 * type are left out of answers and refused in requests.
 *
 * <p>In a request every field may be null, which means "not given": {@link PoolMapper} fills it from the current
 * pool when editing and from the defaults when adding. The shell builds the same object from its options, so both
 * faces share one set of rules and messages.
 *
 * @param type {@code networknode}, {@code queryretrieve}, {@code folder} or {@code userstorage}; fixed once added
 * @param status read only: how the pool is doing now
 * @param warnings read only: what an administrator should know about the settings (pseudonymization leaves text
 *                 burned into pixel data)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolDto(
        String id,
        String name,
        String type,
        Boolean enabled,
        String storagePath,
        Boolean cachePool,
        Double retentionDays,
        Double deviceRetentionHours,
        Boolean autoDownload,
        Boolean allowJpeg,
        Boolean pseudonymize,
        List<String> users,
        List<String> groups,
        Integer port,
        String aeTitle,
        List<String> allowedCallers,
        String pacsHost,
        Integer pacsPort,
        String pacsAeTitle,
        String localAeTitle,
        Integer retrievePort,
        String directory,
        @JsonProperty(access = Access.READ_ONLY) PoolStatusDto status,
        @JsonProperty(access = Access.READ_ONLY) List<String> warnings) {
}
