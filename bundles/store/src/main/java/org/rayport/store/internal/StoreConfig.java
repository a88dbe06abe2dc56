package org.rayport.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rayport store",
        description = "Where the encrypted instance files and the master key are kept")
@interface StoreConfig {

    @AttributeDefinition(name = "Working path",
            description = "Directory with one folder per pool; empty: ${rayport.home}/storage")
    String working_path() default "";

    @AttributeDefinition(name = "Alternative working path", required = false,
            description = "Where new data goes while the working path cannot take it: missing, not writable (e.g. an"
                    + " unmounted share) or with less free space than the storage sweeps' minimum; empty: none")
    String alternative_path() default "";

    @AttributeDefinition(name = "Pool paths",
            description = "pool=directory entries: the folder of a pool somewhere else than under the working path")
    String[] pool_paths() default {};

    @AttributeDefinition(name = "Key store",
            description = "PKCS#12 file holding the master key, never beside the data; empty: ${karaf.etc}/rayport-store.p12")
    String key_store_path() default "";

    @AttributeDefinition(name = "Segment size (KiB)",
            description = "Encryption segment of new files: the unit of random access (16 to 4096)")
    int segment_kib() default 256;
}
