package org.rayport.auth.internal;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.shiro.mgt.SecurityManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Replaces Karaf's own "karaf" realm (users.properties) with Rayport's accounts, so that SSH, bin/client and the
 * web console accept exactly the people the administrator manages, and karaf/karaf does not exist. Karaf picks the
 * realm of the highest rank for a name; its default has rank 0.
 */
@Component(service = JaasRealm.class)
public class RayportJaasRealm implements JaasRealm {

    static final String REALM = "karaf";
    static final int RANK = 100;

    private final AppConfigurationEntry[] entries;

    @Activate
    public RayportJaasRealm(BundleContext context, @Reference SecurityManager security) {
        // Karaf's ProxyLoginModule, on the boot class path, loads our module from this bundle by its ID.
        Map<String, Object> options = Map.of(
                ProxyLoginModule.PROPERTY_MODULE, RayportLoginModule.class.getName(),
                ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()),
                RayportLoginModule.SECURITY_MANAGER_OPTION, security);
        this.entries = new AppConfigurationEntry[] {
                new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, options)};
    }

    @Override
    public String getName() {
        return REALM;
    }

    @Override
    public int getRank() {
        return RANK;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}
