package org.rayport.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rayport authentication", description = "Session lifetime and login throttling.")
public @interface AuthConfig {

    @AttributeDefinition(name = "Session lifetime (hours)", description = "A token expires this long after login.", min = "1")
    int sessionHours() default 12;

    @AttributeDefinition(name = "Failures per account before a lock",
            description = "Consecutive failed logins of one account that are let through before it is locked for a while.",
            min = "1")
    int accountFailures() default 5;

    @AttributeDefinition(name = "Failures per address before a lock",
            description = "Consecutive failed logins from one client address, for any account, before the address is locked.",
            min = "1")
    int addressFailures() default 20;

    @AttributeDefinition(name = "First lock (seconds)",
            description = "Length of the first lock; each further failure doubles it.", min = "1")
    int lockSeconds() default 30;

    @AttributeDefinition(name = "Longest lock (minutes)", min = "1")
    int maxLockMinutes() default 15;
}
