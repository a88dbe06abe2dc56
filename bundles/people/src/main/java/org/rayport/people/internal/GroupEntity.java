package org.rayport.people.internal;

import java.util.ArrayList;
import java.util.List;

import javax.persistence.CascadeType;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.OneToMany;
import javax.persistence.Table;

@Entity
@Table(name = "rp_group")
public class GroupEntity {

    @Id
    @Column(name = "id", length = 64)
    String id;

    @Column(name = "name", nullable = false, length = 200)
    String name;

    @Column(name = "enabled", nullable = false)
    boolean enabled;

    @OneToMany(mappedBy = "group", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    List<MembershipEntity> memberships = new ArrayList<>();
}
