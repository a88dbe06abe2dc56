package org.rayport.licensing.internal;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.rayport.licensing.License;
import org.rayport.licensing.LicensedModule;

/**
 * One {@link LicensedModule} service per module the licence in force names. Registered by hand because their number
 * and names come from the licence, not from the code; a module that stays licensed across a renewal keeps its
 * registration, so that its components do not restart.
 */
final class ModuleServices {

    private static final class Module implements LicensedModule {
        private final String name;
        private volatile License license;

        Module(String name, License license) {
            this.name = name;
            this.license = license;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public License license() {
            return license;
        }

        @Override
        public String toString() {
            return "LicensedModule[" + name + "]";
        }
    }

    private final BundleContext context;
    private final Map<String, ServiceRegistration<LicensedModule>> registrations = new HashMap<>();
    private final Map<String, Module> modules = new HashMap<>();

    ModuleServices(BundleContext context) {
        this.context = context;
    }

    /** Makes the registered modules exactly {@code active}; components of the others stop before this returns. */
    synchronized void update(Set<String> active, License license) {
        for (String name : Set.copyOf(registrations.keySet())) {
            if (!active.contains(name)) {
                unregister(name);
            }
        }
        for (String name : active) {
            Module existing = modules.get(name);
            if (existing != null) {
                existing.license = license;
                continue;
            }
            Module module = new Module(name, license);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(LicensedModule.MODULE_PROPERTY, name);
            modules.put(name, module);
            registrations.put(name, context.registerService(LicensedModule.class, module, properties));
        }
    }

    synchronized void unregisterAll() {
        for (String name : Set.copyOf(registrations.keySet())) {
            unregister(name);
        }
    }

    private void unregister(String name) {
        ServiceRegistration<LicensedModule> registration = registrations.remove(name);
        modules.remove(name);
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters a stopping bundle's services itself.
        }
    }
}
