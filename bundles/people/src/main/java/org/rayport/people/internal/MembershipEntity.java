package org.rayport.people.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

@Entity
@Table(name = "rp_group_member")
@IdClass(MembershipEntity.Key.class)
public class MembershipEntity {

    @Id
    @ManyToOne
    @JoinColumn(name = "group_id")
    GroupEntity group;

    @Id
    @Column(name = "user_id", length = 64)
    String userId;

    @Column(name = "chat_admin", nullable = false)
    boolean chatAdmin;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String group;
        String userId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(group, key.group) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(group, userId);
        }
    }
}
