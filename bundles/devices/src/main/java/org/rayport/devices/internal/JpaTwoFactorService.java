package org.rayport.devices.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.OptionalLong;

import javax.persistence.EntityManager;

import org.apache.commons.codec.binary.Base32;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.core.ServerInfo;
import org.rayport.devices.Enrolment;
import org.rayport.devices.TwoFactorException;
import org.rayport.devices.TwoFactorService;
import org.rayport.devices.TwoFactorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TOTP secrets in the database, encrypted with the key in {@code ${karaf.etc}/rayport-two-factor.key}. A code is
 * accepted only for a step later than the last accepted one; the database decides that in one conditional update,
 * so that the same code sent twice at once is still accepted only once.
 */
@Component(service = TwoFactorService.class)
public class JpaTwoFactorService implements TwoFactorService {

    static final String ISSUER = "Rayport";
    /** 160 bits, as RFC 4226 recommends for HMAC-SHA-1. */
    private static final int SECRET_BYTES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(JpaTwoFactorService.class);

    private final DevicesDatabase db;
    private final SecretBox box;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public JpaTwoFactorService(@Reference DevicesDatabase db, @Reference ServerInfo server) {
        this(db, SecretBox.withKeyFile(keyFile(server)), Clock.systemUTC());
    }

    JpaTwoFactorService(DevicesDatabase db, SecretBox box, Clock clock) {
        this.db = db;
        this.box = box;
        this.clock = clock;
    }

    /** Karaf's etc (RAYPORT_HOME/etc in the distribution), else etc below the data directory. */
    static Path keyFile(ServerInfo server) {
        String etc = System.getProperty("karaf.etc");
        Path directory = etc == null || etc.isBlank() ? server.home().resolve("etc") : Path.of(etc);
        return directory.resolve(SecretBox.KEY_FILE_NAME);
    }

    @Override
    public TwoFactorState state(String userId) {
        return db.inTransaction(em -> {
            TwoFactorEntity entity = userId == null ? null : em.find(TwoFactorEntity.class, userId);
            if (entity == null) {
                return TwoFactorState.OFF;
            }
            return entity.confirmed ? TwoFactorState.ACTIVE : TwoFactorState.ENROLLING;
        });
    }

    @Override
    public Enrolment enrol(String userId) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        db.inTransaction(em -> {
            TwoFactorEntity entity = em.find(TwoFactorEntity.class, userId);
            if (entity != null && entity.confirmed) {
                throw new TwoFactorException(TwoFactorException.Kind.ALREADY_ACTIVE, "Two-factor authentication of '"
                        + userId + "' is on already; an administrator can reset it, e.g. after a lost phone");
            }
            boolean first = entity == null;
            if (first) {
                entity = new TwoFactorEntity();
                entity.userId = userId;
            }
            entity.secret = box.encrypt(secret, userId);
            entity.confirmed = false;
            entity.lastStep = null;
            entity.enrolledAt = clock.instant();
            if (first) {
                em.persist(entity);
            }
            return null;
        });
        LOG.info("Two-factor enrolment of '{}' started", userId);
        String base32 = new Base32().encodeAsString(secret);
        String uri = "otpauth://totp/" + encode(ISSUER + ":" + userId) + "?secret=" + base32 + "&issuer="
                + encode(ISSUER) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new Enrolment(userId, uri, base32, QrCodes.png(uri));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void confirm(String userId, String code) {
        TwoFactorEntity entity = db.inTransaction(em -> em.find(TwoFactorEntity.class, userId));
        if (entity == null || entity.confirmed) {
            throw new TwoFactorException(TwoFactorException.Kind.NOT_ENROLLING, "There is no two-factor enrolment of '"
                    + userId + "' to confirm; start one first");
        }
        if (!accept(entity, code, true)) {
            throw new TwoFactorException(TwoFactorException.Kind.WRONG_CODE,
                    "The code is wrong or expired: check the phone's clock and enter the current code");
        }
        LOG.info("Two-factor authentication of '{}' is on", userId);
    }

    @Override
    public boolean verify(String userId, String code) {
        TwoFactorEntity entity = db.inTransaction(em -> em.find(TwoFactorEntity.class, userId));
        return entity != null && entity.confirmed && accept(entity, code, false);
    }

    /** Checks the code and uses it up; {@code confirming} also switches two-factor authentication on. */
    private boolean accept(TwoFactorEntity entity, String code, boolean confirming) {
        OptionalLong step = Totp.matchingStep(box.decrypt(entity.secret, entity.userId), code, clock.instant());
        if (step.isEmpty()) {
            return false;
        }
        int updated = db.inTransaction(em -> useStep(em, entity.userId, entity.secret, step.getAsLong(), confirming));
        return updated == 1;
    }

    /** The secret is part of the condition: a code of a secret replaced meanwhile does not count. */
    private static int useStep(EntityManager em, String userId, String secret, long step, boolean confirming) {
        return em.createQuery("update TwoFactorEntity t set t.lastStep = :step, t.confirmed = true"
                        + " where t.userId = :user and t.secret = :secret and t.confirmed = :confirmed"
                        + " and (t.lastStep is null or t.lastStep < :step)")
                .setParameter("step", step)
                .setParameter("user", userId)
                .setParameter("secret", secret)
                .setParameter("confirmed", !confirming)
                .executeUpdate();
    }

    @Override
    public void reset(String userId) {
        int removed = db.inTransaction(em -> em.createQuery("delete from TwoFactorEntity t where t.userId = :user")
                .setParameter("user", userId).executeUpdate());
        if (removed > 0) {
            LOG.info("Two-factor authentication of '{}' reset", userId);
        }
    }
}
