package org.rayport.licensing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rayport licensing",
        description = "When the licence is checked and when its end is announced. The licence itself is installed"
                + " through the shell, the REST API or the web console, not here.")
public @interface LicensingConfig {

    @AttributeDefinition(name = "Check interval (minutes)", min = "1",
            description = "How often the licence is checked besides at midnight and at the exact end of the licence."
                    + " A check finds expiry and posts the warnings.")
    int checkIntervalMinutes() default 60;

    @AttributeDefinition(name = "Warning days",
            description = "How many days before its end the licence is announced as expiring: on the Status page,"
                    + " in the log and as the event org/rayport/licensing/EXPIRING.")
    int[] warningDays() default {30, 14, 7, 1};
}
