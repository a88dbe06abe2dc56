package org.rayport.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rayport server", description = "Where the server keeps its data.")
public @interface ServerInfoConfig {

    @AttributeDefinition(name = "Data directory",
            description = "RAYPORT_HOME. Empty means the system property rayport.home, set by bin/setenv from the environment.")
    String home() default "";
}
