package org.rayport.devices.internal;

import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceService;

/** What a client may send as a device ID and name. */
final class DeviceRules {

    private DeviceRules() {
    }

    /** IDs such as UUIDs, Android IDs or vendor identifiers: letters, digits and {@code . _ : @ -}. */
    static String deviceId(String deviceId) {
        if (deviceId == null || deviceId.isEmpty()) {
            throw invalid("deviceId", "the device ID is missing");
        }
        if (deviceId.length() > DeviceService.MAX_DEVICE_ID_LENGTH) {
            throw invalid("deviceId", "the device ID has " + deviceId.length() + " characters; at most "
                    + DeviceService.MAX_DEVICE_ID_LENGTH + " are allowed");
        }
        for (int i = 0; i < deviceId.length(); i++) {
            char c = deviceId.charAt(i);
            boolean allowed = c < 128 && (Character.isLetterOrDigit(c) || ".-_:@".indexOf(c) >= 0);
            if (!allowed) {
                throw invalid("deviceId", "the device ID may hold letters, digits and . _ : @ - only; character "
                        + (i + 1) + " is not one of them");
            }
        }
        return deviceId;
    }

    /** A name for people; blank or null takes the ID. */
    static String name(String name, String deviceId) {
        if (name == null || name.isBlank()) {
            return deviceId;
        }
        String stripped = name.strip();
        if (stripped.length() > DeviceService.MAX_NAME_LENGTH) {
            throw invalid("deviceName", "the device name has " + stripped.length() + " characters; at most "
                    + DeviceService.MAX_NAME_LENGTH + " are allowed");
        }
        for (int i = 0; i < stripped.length(); i++) {
            if (Character.isISOControl(stripped.charAt(i))) {
                throw invalid("deviceName", "the device name holds a control character at position " + (i + 1));
            }
        }
        return stripped;
    }

    private static DeviceException invalid(String field, String message) {
        return new DeviceException(DeviceException.Kind.INVALID_INPUT, field, message);
    }
}
