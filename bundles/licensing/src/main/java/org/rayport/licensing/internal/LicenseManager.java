package org.rayport.licensing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.core.ServerInfo;
import org.rayport.licensing.LicenseEvents;
import org.rayport.licensing.LicenseService;
import org.rayport.licensing.LicenseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The licence of this server in OSGi: registers a {@link org.rayport.licensing.LicensedModule} service per licensed
 * module, checks the licence at every full interval (hourly by default), at midnight and at the exact moment it ends,
 * and posts {@link LicenseEvents} for the features that want to know.
 * <p>
 * Besides the vendor key built into the bundle, it trusts one more public key when the framework property
 * {@value #ADDITIONAL_KEY_PROPERTY} names a PEM file: that is how test servers accept licences from a key made for
 * the test. See docs/licensing.md for why this is no weaker than the file system it comes from.
 */
@Component(service = LicenseService.class, configurationPid = LicenseManager.PID)
@Designate(ocd = LicensingConfig.class)
public class LicenseManager implements LicenseService, Licensing.Listener {

    static final String PID = "org.rayport.licensing";
    static final String ADDITIONAL_KEY_PROPERTY = "rayport.licensing.additional-public-key";

    private static final Logger LOG = LoggerFactory.getLogger(LicenseManager.class);

    private final EventAdmin events;
    private final ModuleServices modules;
    private final Duration checkInterval;
    private final Licensing licensing;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> nextCheck;

    @Activate
    public LicenseManager(BundleContext context, LicensingConfig config, @Reference ServerInfo server,
                          @Reference EventAdmin events) {
        this.events = events;
        this.modules = new ModuleServices(context);
        this.checkInterval = Duration.ofMinutes(Math.max(1, config.checkIntervalMinutes()));
        String key = RegistrationKey.of(InstallationIdentity.hostFingerprint(),
                InstallationIdentity.installationId(server.home()));
        this.licensing = new Licensing(key, trustedKeys(context.getProperty(ADDITIONAL_KEY_PROPERTY)), server.home(),
                Clock.systemUTC(), config.warningDays(), this);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rayport-licensing-check");
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("Registration key of this installation: {}", key);
        licensing.load();
        scheduleNextCheck();
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        modules.unregisterAll();
    }

    private static TrustedKeys trustedKeys(String additionalKeyFile) {
        TrustedKeys vendor = TrustedKeys.vendor();
        if (additionalKeyFile == null || additionalKeyFile.isBlank()) {
            return vendor;
        }
        Path file = Path.of(additionalKeyFile);
        try {
            PublicKey additional = Pem.readPublicKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            LOG.warn("Licences signed with the additional key {} from {} are accepted as well ({}); a production"
                    + " server does not set it", TrustedKeys.keyId(additional), file, ADDITIONAL_KEY_PROPERTY);
            return vendor.with(additional);
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("The additional licence key {} ({}) is ignored: {}", file, ADDITIONAL_KEY_PROPERTY,
                    e.getMessage());
            return vendor;
        }
    }

    @Override
    public String registrationKey() {
        return licensing.registrationKey();
    }

    @Override
    public LicenseStatus status() {
        return licensing.status();
    }

    @Override
    public LicenseStatus install(byte[] licenseFile) {
        LicenseStatus installed = licensing.install(licenseFile);
        scheduleNextCheck();
        return installed;
    }

    @Override
    public LicenseStatus remove() {
        LicenseStatus removed = licensing.remove();
        scheduleNextCheck();
        return removed;
    }

    @Override
    public void statusChanged(LicenseStatus status) {
        try {
            modules.update(status.activeModules(), status.license());
        } catch (RuntimeException e) {
            LOG.error("The licensed modules could not be brought in line with the licence; the next check retries", e);
        }
        if (status.licensed()) {
            LOG.info("Licence: {}", status.summary());
        } else {
            LOG.warn("Licence: {}", status.summary());
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(LicenseEvents.PROPERTY_MODE, status.mode().name());
        properties.put(LicenseEvents.PROPERTY_MESSAGE, status.summary());
        if (status.license() != null) {
            properties.put(LicenseEvents.PROPERTY_LICENSE_ID, status.license().id());
            properties.put(LicenseEvents.PROPERTY_LICENSEE, status.license().licensee());
            properties.put(LicenseEvents.PROPERTY_NOT_AFTER, status.license().notAfter().toString());
        }
        events.postEvent(new Event(LicenseEvents.CHANGED, properties));
    }

    @Override
    public void expiring(LicenseStatus status, int thresholdDays) {
        LOG.warn("{} (warning of {} days)", status.expiryWarning(), thresholdDays);
        Map<String, Object> properties = new HashMap<>();
        properties.put(LicenseEvents.PROPERTY_DAYS_LEFT, (int) status.daysLeft());
        properties.put(LicenseEvents.PROPERTY_NOT_AFTER, status.license().notAfter().toString());
        properties.put(LicenseEvents.PROPERTY_LICENSEE, status.license().licensee());
        properties.put(LicenseEvents.PROPERTY_LICENSE_ID, status.license().id());
        properties.put(LicenseEvents.PROPERTY_MESSAGE, status.expiryWarning());
        events.postEvent(new Event(LicenseEvents.EXPIRING, properties));
    }

    /** One check at a time, at the earliest of: the next interval, the next midnight, the licence's next change. */
    private synchronized void scheduleNextCheck() {
        if (scheduler.isShutdown()) {
            return;
        }
        if (nextCheck != null) {
            nextCheck.cancel(false);
        }
        Instant now = Instant.now();
        Instant next = nextCheckAfter(now, checkInterval, licensing.nextChange(), ZoneId.systemDefault());
        nextCheck = scheduler.schedule(() -> {
            try {
                LicenseStatus status = licensing.reevaluate();
                // Again on every check, not only on a change: a module update that failed once must not leave a
                // module running past its licence until the next change.
                modules.update(status.activeModules(), status.license());
            } catch (RuntimeException | Error e) {
                LOG.error("The scheduled licence check failed", e);
                throw e;
            } finally {
                // Even after an Error: the executor would swallow it and end the chain of checks for good.
                scheduleNextCheck();
            }
        }, Math.max(0, Duration.between(now, next).toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The interval counts from the full hour, so that hourly checks run at :00, as "hourly" suggests. */
    static Instant nextCheckAfter(Instant now, Duration interval, Instant licenceChange, ZoneId zone) {
        long intervalMillis = interval.toMillis();
        Instant nextInterval = Instant.ofEpochMilli((now.toEpochMilli() / intervalMillis + 1) * intervalMillis);
        Instant midnight = LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
        Instant next = nextInterval.isBefore(midnight) ? nextInterval : midnight;
        // A change that is due already (the timer fired a little early) is checked at once.
        if (licenceChange != null && licenceChange.isBefore(next)) {
            next = licenceChange;
        }
        return next;
    }
}
