package org.rayport.devices.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "rp_two_factor")
public class TwoFactorEntity {

    @Id
    @Column(name = "user_id", length = 64)
    String userId;

    /** Encrypted by {@link SecretBox}, bound to the user ID. */
    @Column(name = "secret", nullable = false, length = 200)
    String secret;

    @Column(name = "confirmed", nullable = false)
    boolean confirmed;

    /** The 30-second step of the last accepted code; null before the first. */
    @Column(name = "last_step")
    Long lastStep;

    @Column(name = "enrolled_at", nullable = false)
    Instant enrolledAt;
}
