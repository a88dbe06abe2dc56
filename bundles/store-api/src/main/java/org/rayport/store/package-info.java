/**
 * Rayport's dataset store: DICOM instances kept encrypted at rest per pool ({@link org.rayport.store.InstanceStore}),
 * and the patient / study / series / instance index that searches them ({@link org.rayport.store.DatasetIndex}).
 */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.rayport.store;
