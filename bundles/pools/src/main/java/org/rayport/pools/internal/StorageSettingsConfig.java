package org.rayport.pools.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rayport storage sweeps",
        description = "Retention of each pool and the free-space rule, applied on a schedule.")
public @interface StorageSettingsConfig {

    @AttributeDefinition(name = "Minimum free space (GB)", description = "When the data disk has less free space, "
            + "the least recently received studies of all pools are deleted until it has this much; 0 switches the "
            + "rule off. Fractions allowed.")
    double minimumFreeGb() default 10;

    @AttributeDefinition(name = "Sweep interval (minutes)", description = "How often retention and free space are "
            + "checked.")
    int sweepIntervalMinutes() default 60;

    @AttributeDefinition(name = "Data directory", required = false, description = "A directory on the disk the "
            + "datasets are stored on, whose free space counts; empty: RAYPORT_HOME/storage (the store's default "
            + "working path).")
    String dataDirectory() default "";
}
