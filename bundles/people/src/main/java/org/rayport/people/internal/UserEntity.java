package org.rayport.people.internal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.MapKeyColumn;
import javax.persistence.Table;

import org.rayport.people.Role;

@Entity
@Table(name = "rp_user")
public class UserEntity {

    @Id
    @Column(name = "id", length = 64)
    String id;

    @Column(name = "name", nullable = false, length = 200)
    String name;

    @Column(name = "password_hash", nullable = false, length = 255)
    String passwordHash;

    @Column(name = "enabled", nullable = false)
    boolean enabled;

    /** Semicolon separated, as administrators know it from the user form. */
    @Column(name = "mail", nullable = false, length = 2000)
    String mail;

    @Column(name = "must_change_password", nullable = false)
    boolean mustChangePassword;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "rp_user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role", length = 16)
    @Enumerated(EnumType.STRING)
    Set<Role> roles = EnumSet.noneOf(Role.class);

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "rp_user_option", joinColumns = @JoinColumn(name = "user_id"))
    @MapKeyColumn(name = "opt_key", length = 64)
    @Column(name = "opt_value", length = 1000)
    Map<String, String> options = new HashMap<>();
}
