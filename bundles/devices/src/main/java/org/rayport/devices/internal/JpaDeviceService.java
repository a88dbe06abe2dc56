package org.rayport.devices.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.devices.ApprovalPolicy;
import org.rayport.devices.Device;
import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceService;
import org.rayport.devices.DeviceState;
import org.rayport.licensing.DeviceLimitException;
import org.rayport.licensing.LicenseService;
import org.rayport.people.PeopleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices in the database. Counting the active devices and approving one more happen under one lock, so that two
 * logins at the same moment cannot both take the last device licence (one server; Rayport does not run as a cluster).
 * A change of the approval policy applies from the next login on, without restarting the component.
 */
@Component(service = DeviceService.class, configurationPid = JpaDeviceService.PID)
@Designate(ocd = DevicesConfig.class)
public class JpaDeviceService implements DeviceService {

    static final String PID = "org.rayport.devices";
    private static final Logger LOG = LoggerFactory.getLogger(JpaDeviceService.class);

    private final DevicesDatabase db;
    private final PeopleService people;
    private final LicenseService licenses;
    private final Clock clock;
    private final Object licenceLock = new Object();
    /** Moved after every write, so that checked sessions know to look again ({@link #changeCount}). */
    private final AtomicLong changes = new AtomicLong();
    /** From ConfigAdmin; replaced by {@link #modified}. */
    private volatile ApprovalPolicy policy;

    @Activate
    public JpaDeviceService(@Reference DevicesDatabase db, @Reference PeopleService people,
                            @Reference LicenseService licenses, DevicesConfig config) {
        this(db, people, licenses, Clock.systemUTC(), config.approvalPolicy());
    }

    JpaDeviceService(DevicesDatabase db, PeopleService people, LicenseService licenses, Clock clock,
                     ApprovalPolicy policy) {
        this.db = db;
        this.people = people;
        this.licenses = licenses;
        this.clock = clock;
        this.policy = policy;
    }

    @Modified
    void modified(DevicesConfig config) {
        changePolicy(config.approvalPolicy());
    }

    void changePolicy(ApprovalPolicy newPolicy) {
        if (newPolicy != policy) {
            LOG.info("Device approval policy changed from {} to {}", policy, newPolicy);
        }
        policy = newPolicy;
    }

    @Override
    public ApprovalPolicy policy() {
        return policy;
    }

    @Override
    public List<Device> devices(String userId) {
        return db.inTransaction(em -> (userId == null
                ? em.createQuery("select d from DeviceEntity d order by d.userId, d.registeredAt, d.deviceId",
                        DeviceEntity.class)
                : em.createQuery("select d from DeviceEntity d where d.userId = :user"
                        + " order by d.registeredAt, d.deviceId", DeviceEntity.class).setParameter("user", userId))
                .getResultStream()
                .map(DeviceEntity::toDevice)
                .collect(Collectors.toList()));
    }

    @Override
    public Optional<Device> device(String userId, String deviceId) {
        if (userId == null || deviceId == null) {
            return Optional.empty();
        }
        return db.inTransaction(em -> Optional.ofNullable(find(em, userId, deviceId)).map(DeviceEntity::toDevice));
    }

    /** The device as it stands after the login, and the licence's refusal if the policy could not approve it. */
    private record Arrival(Device device, DeviceLimitException refusal) {
    }

    @Override
    public Device arrive(String userId, String deviceId, String deviceName) {
        DeviceRules.deviceId(deviceId);
        String name = DeviceRules.name(deviceName, deviceId);
        Arrival arrival;
        synchronized (licenceLock) {
            arrival = write(em -> {
                Instant now = clock.instant();
                DeviceEntity device = find(em, userId, deviceId);
                if (device == null) {
                    device = new DeviceEntity();
                    device.userId = userId;
                    device.deviceId = deviceId;
                    device.registeredAt = now;
                    device.changeState(DeviceState.PENDING, now);
                    device.name = name;
                    device.lastLoginAt = now;
                    em.persist(device);
                    LOG.info("New device '{}' ({}) of user '{}'", deviceId, name, userId);
                }
                device.name = name;
                device.lastLoginAt = now;
                DeviceLimitException refusal = null;
                if (device.state == DeviceState.PENDING && policyApproves(em, device)) {
                    try {
                        licenses.checkAnotherDevice(activeDevices(em));
                        device.changeState(DeviceState.APPROVED, now);
                        LOG.info("Device '{}' of user '{}' approved by the policy {}", deviceId, userId, policy);
                    } catch (DeviceLimitException limit) {
                        refusal = limit;
                    }
                }
                // The device stays on record even when the licence refused it, for an administrator to see.
                return new Arrival(device.toDevice(), refusal);
            });
        }
        if (arrival.refusal() != null) {
            throw arrival.refusal();
        }
        return arrival.device();
    }

    private boolean policyApproves(EntityManager em, DeviceEntity device) {
        switch (policy) {
            case ALL:
                return true;
            case FIRST_DEVICE:
                long others = em.createQuery("select count(d) from DeviceEntity d where d.userId = :user"
                                + " and d.deviceId <> :device", Long.class)
                        .setParameter("user", device.userId).setParameter("device", device.deviceId)
                        .getSingleResult();
                return others == 0;
            default:
                return false;
        }
    }

    @Override
    public Device approve(String userId, String deviceId) {
        synchronized (licenceLock) {
            return write(em -> {
                DeviceEntity device = existing(em, userId, deviceId);
                if (device.state != DeviceState.APPROVED) {
                    licenses.checkAnotherDevice(activeDevices(em));
                    device.changeState(DeviceState.APPROVED, clock.instant());
                    LOG.info("Device '{}' of user '{}' approved", deviceId, userId);
                }
                return device.toDevice();
            });
        }
    }

    @Override
    public Device block(String userId, String deviceId) {
        return write(em -> {
            DeviceEntity device = existing(em, userId, deviceId);
            if (device.state != DeviceState.BLOCKED) {
                device.changeState(DeviceState.BLOCKED, clock.instant());
                LOG.info("Device '{}' of user '{}' blocked", deviceId, userId);
            }
            return device.toDevice();
        });
    }

    @Override
    public void remove(String userId, String deviceId) {
        write(em -> {
            em.remove(existing(em, userId, deviceId));
            return null;
        });
        LOG.info("Device '{}' of user '{}' removed", deviceId, userId);
    }

    @Override
    public long changeCount() {
        return changes.get();
    }

    /** A writing transaction; the change count moves after it ended (committed or not), never before. */
    private <T> T write(Function<EntityManager, T> work) {
        try {
            return db.inTransaction(work);
        } finally {
            changes.incrementAndGet();
        }
    }

    @Override
    public int activeDevices() {
        return db.inTransaction(this::activeDevices);
    }

    /** Approved devices of users that still exist: a removed user's devices free their licences. */
    private int activeDevices(EntityManager em) {
        List<String> owners = em.createQuery("select d.userId from DeviceEntity d where d.state = :approved",
                String.class).setParameter("approved", DeviceState.APPROVED).getResultList();
        Map<String, Long> perUser = owners.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        return (int) perUser.entrySet().stream().filter(entry -> people.user(entry.getKey()).isPresent())
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static DeviceEntity find(EntityManager em, String userId, String deviceId) {
        return em.find(DeviceEntity.class, new DeviceEntity.Key(userId, deviceId));
    }

    private static DeviceEntity existing(EntityManager em, String userId, String deviceId) {
        DeviceEntity device = userId == null || deviceId == null ? null : find(em, userId, deviceId);
        if (device == null) {
            throw DeviceException.unknown(userId, deviceId);
        }
        return device;
    }
}
